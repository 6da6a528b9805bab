import { Plus, Server } from 'lucide-react';

import { href, type Route } from '../lib/router.js';
import { useConnection } from '../stores/connection.js';
import { useServers } from '../stores/servers.js';
import { connectionLine, isCurrent, NAV } from './nav-items.js';

/** The main views as links; Servers shows a dot while a server fails, else how many there are. */
export function Nav({ route, compact }: { route: Route; compact: boolean }) {
  const failing = useServers((s) =>
    Object.values(s.byName).some((r) => r.state === 'error' || r.state === 'restarting'),
  );
  const count = useServers((s) => Object.keys(s.byName).length);
  return (
    <>
      {NAV.map(({ view, label, icon: Icon }) => (
        <a
          key={view}
          className="nav-item"
          href={href({ view } as Route)}
          aria-current={isCurrent(route, view) ? 'page' : undefined}
        >
          <Icon size={compact ? 18 : 16} aria-hidden />
          <span>{label}</span>
          {view === 'servers' && failing && (
            <span className="alert-dot" aria-label="a server needs attention" />
          )}
          {view === 'servers' && !failing && !compact && count > 0 && <span className="count">{count}</span>}
        </a>
      ))}
    </>
  );
}

/** The wide layout's sidebar: brand, views, Add server, the shortcut hint and the connection. */
export function Sidebar({ route }: { route: Route }) {
  const status = useConnection((s) => s.status);
  const health = useConnection((s) => s.health);
  const line = connectionLine(status, health?.version);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <Server size={13} />
        </span>
        MCP Gateway
      </div>
      <Nav route={route} compact={false} />
      <a className="btn primary sm" href="#/add" style={{ margin: '12px 6px 0' }}>
        <Plus size={14} /> Add server
      </a>
      <div className="faint" style={{ padding: '10px 8px 0', fontSize: 11 }}>
        <span className="kbd">Ctrl K</span> to jump anywhere · <span className="kbd">?</span> shortcuts
      </div>
      <div className="sidebar-foot">
        <span className={`dot s-${line.dot}`} style={{ background: 'currentColor' }} aria-hidden />
        {line.text}
      </div>
    </nav>
  );
}
