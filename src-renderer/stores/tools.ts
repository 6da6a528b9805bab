import { create } from 'zustand';

import type { ToolSummary } from '../../src-shared/api/schemas.js';

export interface ToolTotals {
  tools: number;
  visible: number;
  tokens: number;
  visibleTokens: number;
}

interface ToolsState {
  loaded: boolean;
  tools: ToolSummary[];
  totals: ToolTotals;
  /** Tool ids whose toggle is in flight (shown as pending). */
  pending: Record<string, boolean>;
}

export const useTools = create<ToolsState>(() => ({
  loaded: false,
  tools: [],
  totals: { tools: 0, visible: 0, tokens: 0, visibleTokens: 0 },
  pending: {},
}));

export function setTools(tools: ToolSummary[], totals: ToolTotals): void {
  useTools.setState({ tools, totals, loaded: true });
}
