import type { ServerRow } from '../../stores/servers.js';

export type ServerFilter = 'all' | 'problems' | 'running' | 'off';

export const FILTER_LABELS: Record<ServerFilter, string> = {
  all: 'All',
  problems: 'Problems',
  running: 'Running',
  off: 'Off',
};

/** Whether a server is in the group the filter shows. */
function inGroup(s: ServerRow, filter: ServerFilter): boolean {
  switch (filter) {
    case 'problems':
      return s.state === 'error' || s.state === 'restarting' || s.state === 'degraded';
    case 'running':
      return s.state === 'running';
    case 'off':
      return s.state === 'disabled' || s.state === 'stopped';
    default:
      return true;
  }
}

/** The servers whose name or description contains the text (any case) and that are in the group. */
export function filterServers(rows: ServerRow[], q: string, filter: ServerFilter): ServerRow[] {
  const ql = q.toLowerCase();
  return rows.filter(
    (s) =>
      (q === '' || s.name.toLowerCase().includes(ql) || (s.description ?? '').toLowerCase().includes(ql)) &&
      inGroup(s, filter),
  );
}
