import { create } from 'zustand';

import type { SessionInfo } from '../../src-shared/events.js';

interface SessionsState {
  loaded: boolean;
  sessions: SessionInfo[];
}

export const useSessions = create<SessionsState>(() => ({ loaded: false, sessions: [] }));

export function setSessions(sessions: SessionInfo[]): void {
  useSessions.setState({ sessions, loaded: true });
}

export function sessionOpened(s: SessionInfo): void {
  useSessions.setState((st) => ({ sessions: [...st.sessions.filter((x) => x.id !== s.id), s] }));
}

export function sessionClosed(id: string): void {
  useSessions.setState((st) => ({ sessions: st.sessions.filter((x) => x.id !== id) }));
}
