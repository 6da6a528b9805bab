import { useMemo } from 'react';

import { formatDuration, formatTime } from '../../lib/format.js';
import { useCalls } from '../../stores/calls.js';

/** The server's last 100 calls, newest first, live. */
export function CallsTable({ name }: { name: string }) {
  const calls = useCalls((s) => s.calls);
  const mine = useMemo(
    () =>
      calls
        .filter((c) => c.server === name)
        .slice(-100)
        .reverse(),
    [calls, name],
  );
  if (mine.length === 0) {
    return (
      <div className="card-pad faint">
        No calls yet. Calls from clients (and from “Try”) show up here live.
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Recent calls">
        <thead>
          <tr>
            <th>Time</th>
            <th>Tool</th>
            <th>Client</th>
            <th className="num">Duration</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {mine.map((c) => (
            <tr key={c.id}>
              <td className="faint">{formatTime(c.at)}</td>
              <td className="mono">{c.tool}</td>
              <td>{c.client}</td>
              <td className="num">{formatDuration(c.durationMs)}</td>
              <td>
                {c.ok && c.isError !== true ? (
                  <span className="tag ok">ok</span>
                ) : (
                  <span className="tag bad" title={c.error}>
                    {c.error ?? 'error'}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
