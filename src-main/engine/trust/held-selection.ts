import {
  countToolTokens,
  type GlobalControls,
  type SelectedTool,
  type Selection,
  type ServerTools,
} from '../context/index.js';
import type { Evaluated } from './evaluated.js';
import { holdNote } from './hold-note.js';

/** The selection policy the catalog calls (context/select.ts's `selectTools` has this shape). */
export type SelectPolicy = (perServer: ServerTools[], global: GlobalControls) => Selection;

/** The evaluated tools per server, as the last listing left them. */
type Latest = ReadonlyMap<string, ReadonlyMap<string, Evaluated>>;

/** A held-back tool's entry: hidden as `held-back`, its note saying how to review it. */
export function heldEntry(server: string, e: Evaluated): SelectedTool {
  let tokens: number | undefined;
  return {
    server,
    name: e.tool.name,
    tool: e.tool,
    original: e.tool,
    visible: false,
    hiddenReason: 'held-back',
    hiddenNote: holdNote(server, e),
    get fullTokens(): number {
      return (tokens ??= countToolTokens(e.tool));
    },
    get tokens(): number {
      return this.fullTokens;
    },
  };
}

/** The inner selection's entries with the held-back tools put back in their listing position. */
export function withHeld(perServer: ServerTools[], inner: Selection, latest: Latest): Selection {
  const entries: SelectedTool[] = [];
  let i = 0;
  for (const s of perServer) {
    for (const t of s.tools) {
      const e = latest.get(s.server)?.get(t.name);
      if (e?.held === true) {
        entries.push(heldEntry(s.server, e));
      } else {
        const next = inner.entries[i++];
        if (next !== undefined) {
          entries.push(next);
        }
      }
    }
  }
  const innerTotals = inner.totals;
  let allTokens: number | undefined;
  return {
    entries,
    warnings: inner.warnings,
    totals: {
      visibleTools: innerTotals.visibleTools,
      allTools: entries.length,
      get visibleTokens(): number {
        return innerTotals.visibleTokens;
      },
      get allTokens(): number {
        return (allTokens ??= entries.reduce((n, e) => n + e.fullTokens, 0));
      },
    },
  };
}

/**
 * Puts trust in front of a selection policy: `evaluate` judges each listing first, held-back
 * tools never reach the policy (they take no budget) and come out hidden, in their position.
 */
export function wrapSelection(
  latest: Latest,
  evaluate: (perServer: ServerTools[]) => void,
  select: SelectPolicy,
): SelectPolicy {
  return (perServer, global) => {
    evaluate(perServer);
    const isHeld = (server: string, name: string) => latest.get(server)?.get(name)?.held === true;
    const allowed = perServer.map((s) => ({
      ...s,
      tools: s.tools.filter((t) => !isHeld(s.server, t.name)),
    }));
    const inner = select(allowed, global);
    if (allowed.every((s, i) => s.tools.length === perServer[i]?.tools.length)) {
      return inner;
    }
    return withHeld(perServer, inner, latest);
  };
}
