import { Activity, Gauge, Laptop, LayoutDashboard, Server, Settings } from 'lucide-react';

import type { Route } from '../lib/router.js';

/** The main views, in the order of the sidebar and the bottom bar. */
export const NAV = [
  { view: 'overview', label: 'Overview', icon: LayoutDashboard },
  { view: 'servers', label: 'Servers', icon: Server },
  { view: 'budgets', label: 'Budgets', icon: Gauge },
  { view: 'activity', label: 'Activity', icon: Activity },
  { view: 'clients', label: 'Clients', icon: Laptop },
  { view: 'settings', label: 'Settings', icon: Settings },
] as const;

/** Whether a nav item is the current page: a server's page and adding one count as Servers. */
export function isCurrent(route: Route, view: string): boolean {
  return route.view === view || (view === 'servers' && (route.view === 'server' || route.view === 'add'));
}

/** The sidebar's connection line: the dot's state class and the words. */
export function connectionLine(status: string, version: string | undefined): { dot: string; text: string } {
  return status === 'online'
    ? { dot: 'running', text: `Connected${version !== undefined ? ` · v${version}` : ''}` }
    : status === 'connecting'
      ? { dot: 'starting', text: 'Connecting…' }
      : { dot: 'error', text: 'Not connected' };
}
