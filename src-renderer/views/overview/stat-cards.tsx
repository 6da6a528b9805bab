import { Server, Users } from 'lucide-react';

import { formatMiB, type ServerState } from '../../../src-shared/states.js';
import { formatTokens } from '../../lib/format.js';
import { useContextReport } from '../../stores/context.js';
import { useSessions } from '../../stores/sessions.js';
import { useTools } from '../../stores/tools.js';
import { serversHint } from './overview-text.js';

const LINK = { color: 'inherit', textDecoration: 'none' } as const;

/** Four figures: servers, tools clients see, context cost, connected sessions. */
export function StatCards(props: { servers: number; counts: Record<ServerState, number>; saved: number }) {
  const sessions = useSessions((s) => s.sessions);
  const totals = useTools((s) => s.totals);
  // What clients actually load (meta mode and compaction included) when the engine reports it.
  const contextTokens = useContextReport((s) => s.report?.totals.contextTokens);
  return (
    <div className="grid grid-4">
      <a className="card stat" href="#/servers" style={LINK}>
        <span className="label">
          <Server size={13} /> Servers
        </span>
        <span className="value" data-testid="count-servers">
          {props.servers}
        </span>
        <span className="hint">{serversHint(props.counts)}</span>
        {props.saved > 0 && (
          <span className="hint" data-testid="memory-saved">
            {formatMiB(props.saved)} freed by sleeping servers
          </span>
        )}
      </a>
      <div className="card stat">
        <span className="label">Tools clients see</span>
        <span className="value">{totals.visible}</span>
        <span className="hint">of {totals.tools} offered</span>
      </div>
      <a className="card stat" href="#/budgets" style={LINK}>
        <span className="label">Context cost</span>
        <span className="value" data-testid="total-tokens">
          {formatTokens(contextTokens ?? totals.visibleTokens)}
        </span>
        <span className="hint">tokens of tool definitions</span>
      </a>
      <div className="card stat">
        <span className="label">
          <Users size={13} /> Clients
        </span>
        <span className="value">{sessions.length}</span>
        <span className="hint">connected sessions</span>
      </div>
    </div>
  );
}
