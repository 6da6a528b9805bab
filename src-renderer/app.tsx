import * as Tooltip from '@radix-ui/react-tooltip';
import { Activity, Gauge, Laptop, LayoutDashboard, Maximize2, Plus, Server, Settings } from 'lucide-react';
import { lazy, Suspense, useEffect } from 'react';

import { useEngine } from './api/context.js';
import { useDesktopSync } from './api/desktop-sync.js';
import { CommandPalette } from './components/command-palette.js';
import { ConnectionBanner, TokenGate } from './components/connection-banner.js';
import { ShortcutsDialog } from './components/shortcuts-dialog.js';
import { Toaster } from './components/toaster.js';
import { href, navigate, type Route, useHash, useRoute } from './lib/router.js';
import { useConnection } from './stores/connection.js';
import { useServers } from './stores/servers.js';
import { ActivityView } from './views/activity.js';
import { AddServerView } from './views/add-server.js';
import { ClientsView } from './views/clients.js';
import { OverviewView } from './views/overview.js';
import { ServerDetailView } from './views/server-detail.js';
import { ServersView } from './views/servers.js';
import { SettingsView } from './views/settings.js';

// The charts library is the bulk of the bundle: load it when the Budgets view is first opened.
const BudgetsView = lazy(() => import('./views/budgets.js').then((m) => ({ default: m.BudgetsView })));

const NAV = [
  { view: 'overview', label: 'Overview', icon: LayoutDashboard },
  { view: 'servers', label: 'Servers', icon: Server },
  { view: 'budgets', label: 'Budgets', icon: Gauge },
  { view: 'activity', label: 'Activity', icon: Activity },
  { view: 'clients', label: 'Clients', icon: Laptop },
  { view: 'settings', label: 'Settings', icon: Settings },
] as const;

function isCurrent(route: Route, view: string): boolean {
  return route.view === view || (view === 'servers' && (route.view === 'server' || route.view === 'add'));
}

function Nav({ route, compact }: { route: Route; compact: boolean }) {
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

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'overview':
      return <OverviewView />;
    case 'servers':
      return <ServersView />;
    case 'server':
      return <ServerDetailView name={route.name} tab={route.tab} />;
    case 'add':
      return <AddServerView />;
    case 'budgets':
      return (
        <Suspense fallback={<div className="page" aria-busy="true" />}>
          <BudgetsView />
        </Suspense>
      );
    case 'activity':
      return <ActivityView />;
    case 'clients':
      return <ClientsView />;
    case 'settings':
      return <SettingsView />;
  }
}

export function App() {
  const route = useRoute();
  useDesktopSync(useHash());
  const expand = useEngine().desktop?.desktop.expandWindow;
  const status = useConnection((s) => s.status);
  const health = useConnection((s) => s.health);

  // Keyboard: g o / g s / g b / g a / g , and n for a new server, as in most keyboard-first tools.
  useEffect(() => {
    let g = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null;
      if (
        e.metaKey ||
        e.ctrlKey ||
        e.altKey ||
        (t !== null && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))
      ) {
        return;
      }
      if (g) {
        g = false;
        const map: Record<string, string> = {
          o: '#/',
          s: '#/servers',
          b: '#/budgets',
          a: '#/activity',
          c: '#/clients',
          ',': '#/settings',
        };
        const dest = map[e.key];
        if (dest !== undefined) {
          e.preventDefault();
          navigate(dest);
        }
        return;
      }
      if (e.key === 'g') {
        g = true;
        clearTimeout(timer);
        timer = setTimeout(() => (g = false), 1000);
      } else if (e.key === 'n') {
        e.preventDefault();
        navigate('#/add');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Move focus to the page heading on navigation so keyboard and screen-reader users land in the view.
  useEffect(() => {
    const h = document.querySelector<HTMLElement>('main h1');
    h?.focus({ preventScroll: true });
  }, [route.view]);

  return (
    <Tooltip.Provider delayDuration={400}>
      <div className="app">
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
            <span
              className={`dot s-${status === 'online' ? 'running' : status === 'connecting' ? 'starting' : 'error'}`}
              style={{ background: 'currentColor' }}
              aria-hidden
            />
            {status === 'online'
              ? `Connected${health ? ` · v${health.version}` : ''}`
              : status === 'connecting'
                ? 'Connecting…'
                : 'Not connected'}
          </div>
        </nav>
        <div className="main">
          <ConnectionBanner />
          <main className="content" id="content">
            {status === 'no-token' || status === 'unauthorized' ? <TokenGate /> : <View route={route} />}
          </main>
          <nav className="bottom-nav" aria-label="Main (compact)">
            <Nav route={route} compact />
            {expand !== undefined && (
              <button
                className="nav-item"
                style={{ border: 0, background: 'none', cursor: 'pointer' }}
                onClick={() => void expand()}
                aria-label="Open in a full window"
              >
                <Maximize2 size={18} aria-hidden />
                <span>Expand</span>
              </button>
            )}
          </nav>
        </div>
      </div>
      <Toaster />
      <CommandPalette />
      <ShortcutsDialog />
    </Tooltip.Provider>
  );
}
