import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`#/servers/github`): works when the engine serves /ui, when Electron loads the
 * bundle from disk, and needs no server rewrites.
 */
export type Route =
  | { view: 'overview' }
  | { view: 'servers' }
  | { view: 'server'; name: string; tab: string | undefined }
  | { view: 'add' }
  | { view: 'budgets' }
  | { view: 'activity' }
  | { view: 'clients' }
  | { view: 'settings' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'servers':
      return parts[1] !== undefined ? { view: 'server', name: parts[1], tab: parts[2] } : { view: 'servers' };
    case 'add':
      return { view: 'add' };
    case 'budgets':
      return { view: 'budgets' };
    case 'activity':
      return { view: 'activity' };
    case 'clients':
      return { view: 'clients' };
    case 'settings':
      return { view: 'settings' };
    default:
      return { view: 'overview' };
  }
}

export function href(r: Route): string {
  switch (r.view) {
    case 'overview':
      return '#/';
    case 'server':
      return `#/servers/${encodeURIComponent(r.name)}${r.tab ? `/${r.tab}` : ''}`;
    default:
      return `#/${r.view}`;
  }
}

export function navigate(r: Route | string): void {
  window.location.hash = typeof r === 'string' ? r : href(r);
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function useRoute(): Route {
  return parseRoute(useHash());
}
