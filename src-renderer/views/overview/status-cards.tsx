import { Laptop, Plus, Server } from 'lucide-react';

import { SERVER_STATES, type ServerState } from '../../../src-shared/states.js';
import { EmptyState } from '../../components/empty-state.js';
import { StateBadge } from '../../components/state-badge.js';
import { formatAgo } from '../../lib/format.js';
import { useSessions } from '../../stores/sessions.js';

/** The first-run card: where servers come from. */
export function FirstServer() {
  return (
    <div className="card">
      <EmptyState
        icon={Server}
        title="Add your first server"
        action={
          <div className="btn-group">
            <a className="btn primary" href="#/add">
              <Plus size={14} /> Add server
            </a>
            <a className="btn" href="#/clients/setup">
              <Laptop size={14} /> Import from your AI apps
            </a>
          </div>
        }
      >
        Bring in the servers your AI apps already use, pick one from the catalog, or paste a snippet. Then
        point your AI client at the endpoint above.
      </EmptyState>
    </div>
  );
}

function StatesCard({ servers, counts }: { servers: number; counts: Record<ServerState, number> }) {
  return (
    <section className="card" aria-labelledby="states-h">
      <div className="card-head">
        <h2 id="states-h">Servers by state</h2>
      </div>
      <div className="card-pad row wrap" style={{ gap: 8 }}>
        {SERVER_STATES.filter((s) => counts[s] > 0).map((s) => (
          <span key={s} className="row" style={{ gap: 4 }}>
            <StateBadge state={s} />
            <b>{counts[s]}</b>
          </span>
        ))}
        {servers === 0 && <span className="faint">Loading…</span>}
      </div>
    </section>
  );
}

function SessionsCard({ now }: { now: number }) {
  const sessions = useSessions((s) => s.sessions);
  return (
    <section className="card" aria-labelledby="sessions-h">
      <div className="card-head">
        <h2 id="sessions-h">Connected clients</h2>
      </div>
      {sessions.length === 0 ? (
        <div className="card-pad faint">
          No client is connected. Paste the snippet above into Cursor, Claude or another client.
        </div>
      ) : (
        <table className="table">
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  <b>{s.clientName}</b> <span className="faint">{s.clientVersion ?? ''}</span>
                  <div className="faint">
                    {s.transport} · {s.scope}
                  </div>
                </td>
                <td className="num faint">{formatAgo(s.lastSeenAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Servers by state next to the connected clients. */
export function StatusCards(props: { servers: number; counts: Record<ServerState, number>; now: number }) {
  return (
    <div className="grid grid-2">
      <StatesCard servers={props.servers} counts={props.counts} />
      <SessionsCard now={props.now} />
    </div>
  );
}
