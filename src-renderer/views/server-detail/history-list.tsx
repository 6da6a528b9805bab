import { STATE_LABEL } from '../../components/state-badge.js';
import { formatTime } from '../../lib/format.js';
import { type StateChange, useServers } from '../../stores/servers.js';

const NO_HISTORY: StateChange[] = [];

/** The server's state changes, newest first. */
export function HistoryList({ name }: { name: string }) {
  const history = useServers((s) => s.history[name] ?? NO_HISTORY);
  if (history.length === 0) {
    return (
      <div className="card-pad faint">
        No state changes recorded yet. Crashes, restarts and recoveries appear here as they happen.
      </div>
    );
  }
  return (
    <ol className="timeline" aria-label="State history">
      {[...history].reverse().map((h, i) => (
        <li key={`${h.at}-${i}`}>
          <span className="when">{formatTime(h.at)}</span>
          <span className={`mark s-${h.state}`} style={{ background: 'currentColor' }} aria-hidden />
          <span>
            <b>{STATE_LABEL[h.state]}</b>{' '}
            <span className="faint">from {STATE_LABEL[h.previous].toLowerCase()}</span>
            <div className="muted">{h.reason}</div>
          </span>
        </li>
      ))}
    </ol>
  );
}
