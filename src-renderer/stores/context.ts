import { create } from 'zustand';

import type { ContextReport } from '../../src-shared/api/context.js';

interface ContextState {
  report: ContextReport | undefined;
}

/** The engine's context-cost report (what clients actually get, by mode, budgets and compaction). */
export const useContextReport = create<ContextState>(() => ({ report: undefined }));
