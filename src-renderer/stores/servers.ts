import { create } from 'zustand';

import type { ServerDetail, ServerSummary } from '../../src-shared/api/schemas.js';
import type { EventOf } from '../../src-shared/events.js';
import type { ServerState } from '../../src-shared/states.js';

export type StateChange = EventOf<'server.state'>;

/** A server as the UI keeps it: the last summary plus when its connection came up. */
export interface ServerRow extends ServerSummary {
  /** Epoch ms the current connection came up (for a live uptime), when running/degraded. */
  upSince: number | undefined;
}

interface ServersState {
  loaded: boolean;
  byName: Record<string, ServerRow>;
  details: Record<string, ServerDetail>;
  /** server.state events per server, oldest first (bounded). */
  history: Record<string, StateChange[]>;
}

const HISTORY_LIMIT = 200;

export const useServers = create<ServersState>(() => ({
  loaded: false,
  byName: {},
  details: {},
  history: {},
}));

export function toRow(s: ServerSummary, now: number): ServerRow {
  const up = s.state === 'running' || s.state === 'degraded';
  return { ...s, upSince: up && s.uptimeMs !== undefined ? now - s.uptimeMs : undefined };
}

export function setServerList(list: ServerSummary[], now: number): void {
  const byName: Record<string, ServerRow> = {};
  for (const s of list) {
    byName[s.name] = toRow(s, now);
  }
  useServers.setState({ byName, loaded: true });
}

export function setServerDetail(d: ServerDetail, now: number): void {
  useServers.setState((st) => ({
    details: { ...st.details, [d.name]: d },
    byName: { ...st.byName, [d.name]: toRow(d, now) },
  }));
}

export function upsertSummary(s: ServerSummary, now: number): void {
  useServers.setState((st) => ({ byName: { ...st.byName, [s.name]: toRow(s, now) } }));
}

export function removeServerLocal(name: string): void {
  useServers.setState((st) => {
    const byName = { ...st.byName };
    delete byName[name];
    const details = { ...st.details };
    delete details[name];
    return { byName, details };
  });
}

/** Apply a state event in place so the list moves without waiting for a refetch. */
export function applyStateEvent(e: StateChange): void {
  useServers.setState((st) => {
    const prev = st.history[e.server] ?? [];
    // A replay after a reconnect can repeat events already seen.
    if (prev.some((h) => h.at === e.at && h.state === e.state && h.previous === e.previous)) {
      return st;
    }
    const hist = [...prev, e].slice(-HISTORY_LIMIT);
    const row = st.byName[e.server];
    const byName =
      row === undefined
        ? st.byName
        : {
            ...st.byName,
            [e.server]: {
              ...row,
              state: e.state,
              reason: e.reason,
              since: e.at,
              disabled: e.state === 'disabled' ? true : e.state === 'starting' ? false : row.disabled,
              upSince:
                e.state === 'running' && e.previous !== 'degraded'
                  ? e.at
                  : e.state === 'running' || e.state === 'degraded'
                    ? row.upSince
                    : undefined,
              restarts: e.state === 'restarting' ? row.restarts + 1 : row.restarts,
            },
          };
    return { history: { ...st.history, [e.server]: hist }, byName };
  });
}

/** Sorted for display: problems first, then by name. */
const RANK: Record<ServerState, number> = {
  error: 0,
  'needs-sign-in': 1,
  'needs-approval': 1,
  restarting: 2,
  degraded: 3,
  starting: 4,
  running: 5,
  sleeping: 6,
  stopped: 7,
  disabled: 8,
};

export function sortedServers(byName: Record<string, ServerRow>): ServerRow[] {
  return Object.values(byName).sort((a, b) => a.name.localeCompare(b.name));
}

export function byProblem(a: ServerRow, b: ServerRow): number {
  return RANK[a.state] - RANK[b.state] || a.name.localeCompare(b.name);
}
