import { describeError } from '../../api/client.js';
import type { ClientReport } from '../../stores/clients.js';
import { visibleClients } from '../../stores/clients.js';
import type { Outcome } from './model.js';
import type { WizardModel } from './use-wizard.js';

function ClientStatus({ c, o, wasTarget }: { c: ClientReport; o: Outcome | undefined; wasTarget: boolean }) {
  return (
    <li
      className="row wrap"
      style={{ padding: '10px 12px', borderBottom: '1px solid var(--border)', gap: 8 }}
      aria-label={c.name}
    >
      <b style={{ flex: 1, minWidth: 120 }}>{c.name}</b>
      {c.connected ? (
        <span className="badge s-running">
          <span className="dot" aria-hidden /> Uses the gateway
        </span>
      ) : (
        <span className="badge s-stopped">
          <span className="dot" aria-hidden /> Not connected
        </span>
      )}
      {c.seen ? (
        <span className="tag ok">seen connecting</span>
      ) : (
        c.connected && <span className="tag">not seen yet</span>
      )}
      {wasTarget && o?.state === 'ok' && (
        <div className="help" style={{ flexBasis: '100%' }}>
          {c.reloadHint}
        </div>
      )}
      {wasTarget && o?.state === 'error' && (
        <div className="err-text" style={{ flexBasis: '100%' }}>
          Not connected: {describeError(o.error).message}
        </div>
      )}
    </li>
  );
}

/** Every client's status after a fresh scan: connected or not, and seen connecting yet. */
export function DoneStep({ w }: { w: WizardModel }) {
  const shown = visibleClients(w.finalDetect ?? w.detect);
  return (
    <div className="stack" style={{ gap: 10 }}>
      <ul
        className="card list"
        aria-label="Client status"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {shown.map((c) => (
          <ClientStatus
            key={c.id}
            c={c}
            o={w.outcomes[c.id]}
            wasTarget={w.targets.some((t) => t.id === c.id)}
          />
        ))}
      </ul>
      <div className="help">
        &ldquo;Seen connecting&rdquo; appears once a client has started and talked to the gateway. Changed
        your mind? Restore in the client list puts each file back exactly as it was.
      </div>
    </div>
  );
}
