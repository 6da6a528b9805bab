import { create } from 'zustand';

import type { CallRecord } from '../../src-shared/events.js';

const LIMIT = 2000;

interface CallsState {
  loaded: boolean;
  /** Newest last. */
  calls: CallRecord[];
}

export const useCalls = create<CallsState>(() => ({ loaded: false, calls: [] }));

export function setCalls(calls: CallRecord[]): void {
  useCalls.setState({ calls: calls.slice(-LIMIT), loaded: true });
}

export function addCall(call: CallRecord): void {
  useCalls.setState((st) => {
    if (st.calls.some((c) => c.id === call.id)) {
      return st;
    }
    return { calls: [...st.calls, call].slice(-LIMIT) };
  });
}

/** Calls fetched for a filter (they may be older than what the stream brought), kept in time order. */
export function mergeCalls(more: CallRecord[]): void {
  useCalls.setState((st) => {
    const known = new Set(st.calls.map((c) => c.id));
    const fresh = more.filter((c) => !known.has(c.id));
    if (fresh.length === 0) {
      return st;
    }
    return { calls: [...st.calls, ...fresh].sort((a, b) => a.at - b.at).slice(-LIMIT) };
  });
}
