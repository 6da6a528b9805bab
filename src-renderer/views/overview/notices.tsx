import { AlertTriangle } from 'lucide-react';

import { formatAgo } from '../../lib/format.js';
import { useConnection } from '../../stores/connection.js';
import { useProblems } from '../../stores/problems.js';
import { wherePart } from './overview-text.js';

/** The config file's error, while the last good config stays in force. */
export function ConfigProblem() {
  const configProblem = useProblems((s) => s.configProblem);
  const configFile = useConnection((s) => s.health?.configFile);
  if (configProblem === undefined) {
    return null;
  }
  return (
    <div className="callout warn" role="alert">
      <AlertTriangle size={16} />
      <div>
        <div className="title">The config file has an error, so the last good config stays in force</div>
        <div>
          {configProblem.message}
          {wherePart(configProblem.line, configProblem.column)}
        </div>
        <div className="help">Fix the file {configFile ?? ''}; it is picked up as soon as you save.</div>
      </div>
    </div>
  );
}

/** The last eight problems, each linking to its server when it has one. */
export function RecentErrors({ now }: { now: number }) {
  const problems = useProblems((s) => s.problems);
  return (
    <section className="card" aria-labelledby="problems-h">
      <div className="card-head">
        <AlertTriangle size={16} aria-hidden />
        <h2 id="problems-h">Recent errors</h2>
      </div>
      {problems.length === 0 ? (
        <div className="card-pad faint">Nothing has gone wrong recently.</div>
      ) : (
        <ul className="list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {problems.slice(0, 8).map((p) => (
            <li
              key={p.id}
              className="row"
              style={{
                padding: '10px 16px',
                borderBottom: '1px solid var(--border)',
                alignItems: 'flex-start',
              }}
            >
              <div style={{ flex: 1, minWidth: 0 }}>
                <div style={{ fontWeight: 500 }}>
                  {p.server !== undefined ? (
                    <a href={`#/servers/${encodeURIComponent(p.server)}`}>{p.title}</a>
                  ) : (
                    p.title
                  )}
                </div>
                <div className="faint" style={{ overflowWrap: 'anywhere' }}>
                  {p.detail}
                </div>
              </div>
              <span className="faint" style={{ whiteSpace: 'nowrap' }}>
                {formatAgo(p.at, now)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
