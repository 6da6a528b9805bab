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
