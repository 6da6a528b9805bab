import { Plus } from 'lucide-react';
import { useMemo, useState } from 'react';

import { ServerActions } from '../components/server-actions.js';
import { SignInButton } from '../components/sign-in-button.js';
import { StateBadge } from '../components/state-badge.js';
import { formatSpan, formatTokens } from '../lib/format.js';
import { navigate } from '../lib/router.js';
import { useNow } from '../lib/use-now.js';
import { byProblem, type ServerRow, useServers } from '../stores/servers.js';
import { filterServers, type ServerFilter } from './servers/filter.js';
import { NoServers, ServerFilterBar } from './servers/parts.js';

const TRANSPORT_LABEL: Record<string, string> = { stdio: 'stdio', http: 'HTTP', sse: 'SSE', auto: 'remote' };

function uptime(s: ServerRow, now: number): string {
  if (s.upSince !== undefined) {
    return formatSpan(now - s.upSince);
  }
  return '—';
}

export function ServerListRow({ s, now }: { s: ServerRow; now: number }) {
  const bad = s.state === 'error' || s.state === 'restarting' || s.state === 'degraded';
  const open = (): void => navigate({ view: 'server', name: s.name, tab: undefined });
  return (
    <div
      className="server-row"
      role="listitem"
      tabIndex={0}
      aria-label={`${s.name}, ${s.state}`}
      aria-describedby={`reason-${s.name}`}
      data-server={s.name}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          open();
        }
      }}
    >
      <div style={{ minWidth: 0 }}>
        <div className="server-name">
          <span className="name">{s.name}</span>
          <StateBadge state={s.state} />
          <span className="tag">{TRANSPORT_LABEL[s.transport] ?? s.transport}</span>
        </div>
        <div className="server-meta">
          <span className={`reason${bad ? ' bad' : ''}`} title={s.reason} id={`reason-${s.name}`}>
            {s.state === 'restarting' && s.nextAttemptAt !== undefined && s.nextAttemptAt > now
              ? `${s.reason} · retry in ${formatSpan(s.nextAttemptAt - now)}`
              : s.reason}
          </span>
          <span className="only-compact">
            {s.visibleTools} tool{s.visibleTools === 1 ? '' : 's'} · {formatTokens(s.tokens)} tokens
            {s.restarts > 0 ? ` · ${s.restarts} restart${s.restarts === 1 ? '' : 's'}` : ''}
          </span>
        </div>
      </div>
      <div className="metrics-inline">
        <span>
          <b>{s.visibleTools === s.tools ? s.tools : `${s.visibleTools}/${s.tools}`}</b>tools
        </span>
        <span>
          <b>{formatTokens(s.tokens)}</b>tokens
        </span>
        <span style={{ minWidth: 56 }}>
          <b>{uptime(s, now)}</b>uptime
        </span>
        <span>
          <b>{s.restarts}</b>restarts
        </span>
      </div>
      <SignInButton server={s} />
      <ServerActions server={s} />
    </div>
  );
}

/** Every server, live, filtered by text and by state group. */
export function ServersView() {
  const now = useNow(1000);
  const loaded = useServers((s) => s.loaded);
  const byName = useServers((s) => s.byName);
  const [q, setQ] = useState('');
  const [filter, setFilter] = useState<ServerFilter>('all');
  const rows = useMemo(
    () => filterServers(Object.values(byName).sort(byProblem), q, filter),
    [byName, q, filter],
  );
  const total = Object.keys(byName).length;

  return (
    <div className="page">
      <div className="page-head">
        <h1 tabIndex={-1}>Servers</h1>
        <a className="btn primary" href="#/add">
          <Plus size={14} /> Add server
        </a>
      </div>
      {loaded && total === 0 ? (
        <NoServers />
      ) : (
        <>
          <ServerFilterBar q={q} setQ={setQ} filter={filter} setFilter={setFilter} />
          <div className="card list" role="list" aria-label="Servers">
            {!loaded && (
              <div className="card-pad stack">
                <div className="skeleton" style={{ width: '40%' }} />
                <div className="skeleton" style={{ width: '70%' }} />
              </div>
            )}
            {rows.map((s) => (
              <ServerListRow key={s.name} s={s} now={now} />
            ))}
            {loaded && rows.length === 0 && (
              <div className="card-pad faint">No server matches this filter.</div>
            )}
          </div>
        </>
      )}
    </div>
  );
}
