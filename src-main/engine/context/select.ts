import type { Tool } from '@modelcontextprotocol/client';
import picomatch from 'picomatch';

import type { ToolControls } from '../../../src-shared/config.js';
import type { HiddenReason } from '../../../src-shared/hidden-reasons.js';
import { compactTool } from './compact.js';
import { countToolTokens } from './tokens.js';

export type { HiddenReason };

export interface ServerTools {
  server: string;
  /** The backend's tools in its own listing order. */
  tools: Tool[];
  controls?: ToolControls | undefined;
}

export interface GlobalControls {
  maxTools?: number | undefined;
  maxTokens?: number | undefined;
  compaction: boolean;
}

export interface SelectedTool {
  server: string;
  /** The backend's own tool name. */
  name: string;
  /** The definition clients see (compacted when compaction is on). */
  tool: Tool;
  /** The backend's definition as listed, unchanged (what `describe` shows, what `fullTokens` counts). */
  original: Tool;
  /** Tokens of `tool`. */
  tokens: number;
  /** Tokens of the backend's definition as listed. */
  fullTokens: number;
  visible: boolean;
  hiddenReason?: HiddenReason;
  /** Why a held-back tool is hidden and how to review it (the error a client gets when calling it). */
  hiddenNote?: string;
}

export interface Selection {
  /** Every tool, visible or not: servers in input order, tools in listing order. */
  entries: SelectedTool[];
  /** Human-readable notes: what a budget cut, patterns that match nothing, unknown names. */
  warnings: string[];
  /** `allTokens` is the full, unfiltered and uncompacted listing; `visibleTokens` what clients see. */
  totals: { visibleTokens: number; allTokens: number; visibleTools: number; allTools: number };
}

/** How many names a warning lists before summarising the rest. */
const NAMES_IN_WARNING = 8;

function nameList(names: string[]): string {
  const head = names.slice(0, NAMES_IN_WARNING).join(', ');
  const rest = names.length - NAMES_IN_WARNING;
  return rest > 0 ? `${head} and ${rest} more` : head;
}

function matcher(patterns: string[] | undefined): ((name: string) => boolean) | undefined {
  if (patterns === undefined || patterns.length === 0) {
    return undefined;
  }
  // `dot: true`: tool names such as ".hidden" are ordinary names here, not dotfiles.
  return picomatch(patterns, { dot: true });
}

function patternsMatchingNothing(patterns: string[] | undefined, names: string[]): string[] {
  return (patterns ?? []).filter((p) => {
    const m = picomatch(p, { dot: true });
    return !names.some((n) => m(n));
  });
}

/** The limit that a candidate would break, or undefined when it fits. */
function budgetBreach(
  kept: { tools: number; tokens: number },
  entry: { readonly tokens: number },
  maxTools: number | undefined,
  maxTokens: number | undefined,
): 'maxTools' | 'maxTokens' | undefined {
  if (maxTools !== undefined && kept.tools + 1 > maxTools) {
    return 'maxTools';
  }
  // Tokens are counted only when a token budget needs them (counting loads the tokenizer).
  if (maxTokens !== undefined && kept.tokens + entry.tokens > maxTokens) {
    return 'maxTokens';
  }
  return undefined;
}

function budgetText(maxTools: number | undefined, maxTokens: number | undefined): string {
  const parts: string[] = [];
  if (maxTools !== undefined) {
    parts.push(`maxTools ${maxTools}`);
  }
  if (maxTokens !== undefined) {
    parts.push(`maxTokens ${maxTokens}`);
  }
  return parts.join(', ');
}

/** Controls that name nothing the server offers: patterns matching none, unknown disabled or pinned names. */
export function controlWarnings(
  server: string,
  c: ToolControls,
  names: string[],
  disabled: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  for (const p of patternsMatchingNothing(c.allow, names)) {
    out.push(`server "${server}": allow pattern "${p}" matches none of its tools`);
  }
  for (const p of patternsMatchingNothing(c.deny, names)) {
    out.push(`server "${server}": deny pattern "${p}" matches none of its tools`);
  }
  const unknown = [...disabled].filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    out.push(`server "${server}": disabled tool(s) not offered by the server: ${nameList(unknown)}`);
  }
  const unknownPins = (c.pinned ?? []).filter((n) => !names.includes(n));
  if (unknownPins.length > 0) {
    out.push(`server "${server}": pinned tool(s) not offered by the server: ${nameList(unknownPins)}`);
  }
  return out;
}

/**
 * Decide which tools clients see.
 *
 * The rule, in order:
 * 1. Filters, per server. A tool named in `disabled` is hidden as `disabled`; else one matching a
 *    `deny` glob as `denied`; else, when `allow` is set, one matching no `allow` glob as
 *    `not-allowed`.
 * 2. Server budget (`maxTools`, `maxTokens`). The remaining tools are taken in the backend's
 *    listing order; a tool is kept when it fits in what is left of the budget, otherwise hidden
 *    as `budget` — and later, smaller tools may still fit (first fit, nothing reordered).
 * 3. Total budget (gateway `maxTools`, `maxTokens`), the same first-fit rule over the tools that
 *    survived step 2, servers in the order given (the config's order), then listing order.
 *
 * Budgets count the tokens of the definition clients see, so with compaction on more tools fit.
 * The result depends only on the inputs: the same config and listings always select the same set.
 */
export function selectTools(perServer: ServerTools[], global: GlobalControls): Selection {
  const entries: SelectedTool[] = [];
  const warnings: string[] = [];

  for (const { server, tools, controls } of perServer) {
    const c = controls ?? {};
    const disabled = new Set(c.disabled ?? []);
    const deny = matcher(c.deny);
    const allow = matcher(c.allow);
    const names = tools.map((t) => t.name);

    if (tools.length > 0) {
      warnings.push(...controlWarnings(server, c, names, disabled));
    }

    const kept = { tools: 0, tokens: 0 };
    const cut: string[] = [];
    for (const original of tools) {
      const tool = global.compaction ? compactTool(original) : original;
      const entry = lazyEntry(server, original, tool);
      if (disabled.has(original.name)) {
        entry.hiddenReason = 'disabled';
      } else if (deny?.(original.name) === true) {
        entry.hiddenReason = 'denied';
      } else if (allow !== undefined && !allow(original.name)) {
        entry.hiddenReason = 'not-allowed';
      } else if (budgetBreach(kept, entry, c.maxTools, c.maxTokens) !== undefined) {
        entry.hiddenReason = 'budget';
        cut.push(original.name);
      } else {
        entry.visible = true;
        kept.tools += 1;
        kept.tokens += c.maxTokens === undefined ? 0 : entry.tokens;
      }
      entries.push(entry);
    }
    if (cut.length > 0) {
      warnings.push(
        `server "${server}": budget (${budgetText(c.maxTools, c.maxTokens)}) hid ${cut.length} tool(s): ${nameList(cut)}`,
      );
    }
  }

  if (global.maxTools !== undefined || global.maxTokens !== undefined) {
    const kept = { tools: 0, tokens: 0 };
    const cut: string[] = [];
    for (const entry of entries) {
      if (!entry.visible) {
        continue;
      }
      if (budgetBreach(kept, entry, global.maxTools, global.maxTokens) !== undefined) {
        entry.visible = false;
        entry.hiddenReason = 'budget';
        cut.push(`${entry.server}/${entry.name}`);
      } else {
        kept.tools += 1;
        kept.tokens += global.maxTokens === undefined ? 0 : entry.tokens;
      }
    }
    if (cut.length > 0) {
      warnings.push(
        `total budget (${budgetText(global.maxTools, global.maxTokens)}) hid ${cut.length} tool(s): ${nameList(cut)}`,
      );
    }
  }

  let visibleTokens: number | undefined;
  let allTokens: number | undefined;
  const totals = {
    visibleTools: entries.filter((e) => e.visible).length,
    allTools: entries.length,
    get visibleTokens(): number {
      return (visibleTokens ??= entries.reduce((n, e) => (e.visible ? n + e.tokens : n), 0));
    },
    get allTokens(): number {
      return (allTokens ??= entries.reduce((n, e) => n + e.fullTokens, 0));
    },
  };
  return { entries, warnings, totals };
}

/** An entry whose token figures are counted on first read, then remembered. */
function lazyEntry(server: string, original: Tool, tool: Tool): SelectedTool {
  let full: number | undefined;
  let shown: number | undefined;
  return {
    server,
    name: original.name,
    tool,
    original,
    visible: false,
    get fullTokens(): number {
      return (full ??= countToolTokens(original));
    },
    get tokens(): number {
      return tool === original ? this.fullTokens : (shown ??= countToolTokens(tool));
    },
  };
}
