import { create } from 'zustand';

import type { LogLine } from '../../src-shared/events.js';

const LIMIT = 5000;

interface LogsState {
  /** Per server, oldest first, bounded. */
  lines: Record<string, LogLine[]>;
  /** Whether the live stream for a server is connected. */
  live: Record<string, boolean>;
}

export const useLogs = create<LogsState>(() => ({ lines: {}, live: {} }));

export function appendLogs(server: string, lines: LogLine[]): void {
  if (lines.length === 0) {
    return;
  }
  useLogs.setState((st) => {
    const prev = st.lines[server] ?? [];
    const last = prev[prev.length - 1]?.seq ?? -1;
    const fresh = lines.filter((l) => l.seq > last);
    if (fresh.length === 0) {
      return st;
    }
    return { lines: { ...st.lines, [server]: [...prev, ...fresh].slice(-LIMIT) } };
  });
}

export function setLogLive(server: string, live: boolean): void {
  useLogs.setState((st) => ({ live: { ...st.live, [server]: live } }));
}
