import { Plus } from 'lucide-react';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { memorySaved } from '../../src-shared/states.js';
import { useCompact } from '../lib/use-compact.js';
import { useNow } from '../lib/use-now.js';
import { byProblem, useServers } from '../stores/servers.js';
import { EndpointCard } from './overview/endpoint-card.js';
import { ConfigProblem, RecentErrors } from './overview/notices.js';
import { countStates } from './overview/overview-text.js';
import { StatCards } from './overview/stat-cards.js';
import { FirstServer, StatusCards } from './overview/status-cards.js';
import { ServerListRow } from './servers.js';

/** The endpoint and how to connect, the figures, server states, clients and recent errors. */
export function OverviewView() {
  const now = useNow(10_000);
  const loaded = useServers((s) => s.loaded);
  const states = useServers(useShallow((s) => Object.values(s.byName).map((r) => r.state)));
  const saved = useServers((s) => memorySaved(Object.values(s.byName)));
  const counts = useMemo(() => countStates(states), [states]);
  const compact = useCompact();
  const rows = useServers(useShallow((s) => Object.values(s.byName).sort(byProblem)));

  return (
    <div className="page">
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Overview</h1>
          <div className="page-sub hide-compact">
            One endpoint for every MCP client; the gateway runs and watches your servers.
          </div>
        </div>
        <a className="btn primary" href="#/add">
          <Plus size={14} /> Add server
        </a>
      </div>
      <ConfigProblem />
      <EndpointCard />
      {compact && rows.length > 0 && (
        <div className="card list" role="list" aria-label="Servers">
          {rows.map((r) => (
            <ServerListRow key={r.name} s={r} now={now} />
          ))}
        </div>
      )}
      <StatCards servers={states.length} counts={counts} saved={saved} />
      {loaded && states.length === 0 ? (
        <FirstServer />
      ) : (
        <StatusCards servers={states.length} counts={counts} now={now} />
      )}
      <RecentErrors now={now} />
    </div>
  );
}
