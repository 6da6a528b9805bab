import { Laptop, Link2, Unlink } from 'lucide-react';

import type { ClientsDetect } from '../../../src-shared/api/clients.js';
import { EmptyState } from '../../components/empty-state.js';
import { RestoreClientButton } from '../clients-backups.js';
import { serverCount, shownClients } from './found.js';
import type { ClientsModel, Report } from './use-clients-view.js';

function ClientItem({ m, c }: { m: ClientsModel; c: Report }) {
  return (
    <li
      className="row"
      style={{ padding: '12px 16px', borderBottom: '1px solid var(--border)', alignItems: 'flex-start' }}
      aria-label={c.name}
    >
      <div style={{ flex: 1, minWidth: 0 }}>
        <div className="row" style={{ gap: 6 }}>
          <b>{c.name}</b>
          {c.connected ? (
            <span className="badge s-running">
              <span className="dot" aria-hidden />
              Uses the gateway
            </span>
          ) : (
            <span className="badge s-stopped">
              <span className="dot" aria-hidden />
              Not connected
            </span>
          )}
          {c.seen && <span className="tag">seen</span>}
        </div>
        {c.files
          .filter((f) => f.exists || f.connectTarget)
          .map((f) => (
            <div key={f.file} className="faint mono" style={{ overflowWrap: 'anywhere' }}>
              {f.file}
              {f.problem !== undefined && (
                <span className="err-text"> — cannot be read: {f.problem.message}</span>
              )}
              {serverCount(f)}
            </div>
          ))}
      </div>
      {c.connected ? (
        <button className="btn sm" onClick={() => void m.disconnect(c)}>
          <Unlink size={13} /> Disconnect
        </button>
      ) : (
        <button className="btn sm" onClick={() => m.setConnecting(c)}>
          <Link2 size={13} /> Connect…
        </button>
      )}
      <RestoreClientButton client={c} />
    </li>
  );
}

/** The AI clients on this computer, each connected or not, with its files. */
export function ClientList({ m, data }: { m: ClientsModel; data: ClientsDetect }) {
  const shown = shownClients(data);
  return (
    <section className="card" aria-labelledby="clients-h">
      <div className="card-head">
        <Laptop size={16} aria-hidden />
        <h2 id="clients-h">Clients</h2>
      </div>
      {shown.length === 0 ? (
        <EmptyState icon={Laptop} title="No AI client found">
          Install Claude Desktop, Claude Code, Cursor, VS Code or another MCP client, then scan again. You can
          always connect a client by hand with the snippet on the Overview.
        </EmptyState>
      ) : (
        <ul className="list" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Clients">
          {shown.map((c) => (
            <ClientItem key={c.id} m={m} c={c} />
          ))}
        </ul>
      )}
    </section>
  );
}
