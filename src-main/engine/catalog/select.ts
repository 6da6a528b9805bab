import type { Tool } from '@modelcontextprotocol/client';

import type { ToolControls } from '../../../src-shared/config.js';
import type { HiddenReason } from '../../../src-shared/hidden-reasons.js';

/** One server's tools as input to tool selection. */
export interface ServerTools {
  server: string;
  tools: Tool[];
  controls?: ToolControls;
}

export interface SelectionSettings {
  maxTools?: number;
  maxTokens?: number;
  compaction: boolean;
}

export interface SelectedTool {
  server: string;
  /** The backend's own tool name. */
  name: string;
  /** The definition clients see (possibly compacted). */
  tool: Tool;
  /** The backend's definition, unchanged (what `describe` and the API show). */
  original?: Tool;
  tokens: number;
  visible: boolean;
  hiddenReason?: HiddenReason;
  /** Why it is hidden and what to do, for the error a client gets when it calls the tool anyway. */
  hiddenNote?: string;
}

export interface Selection {
  entries: SelectedTool[];
  warnings: string[];
}

/**
 * The single seam deciding which tools clients see: filters, budgets, compaction and token
 * figures all live behind it, so the catalog never needs to know the policy.
 */
export type SelectTools = (perServer: ServerTools[], global: SelectionSettings) => Selection;
