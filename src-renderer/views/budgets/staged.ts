import type { ContextPreviewBody } from '../../../src-shared/api/context.js';
import type { ToolSummary } from '../../../src-shared/api/schemas.js';
import type { ToolControls } from '../../../src-shared/config.js';

/** Changes the person has switched but not applied yet; their effect is previewed by the engine. */
export interface Staged {
  tools: Record<string, boolean>;
  /** Pinned in meta mode (listed next to the meta tools). */
  pins: Record<string, boolean>;
  mode?: 'all' | 'meta';
  compaction?: boolean;
  /** `null` removes the budget. */
  maxTokens?: number | null;
}

export const NOTHING: Staged = { tools: {}, pins: {} };

/** The key staged switches and pins use for a tool. */
export function toolKey(t: Pick<ToolSummary, 'server' | 'name'>): string {
  return `${t.server}/${t.name}`;
}

/** Whether the staged switch of a tool differs from what it is now. */
function switched(s: Staged, t: ToolSummary): boolean {
  const want = s.tools[toolKey(t)];
  return want !== undefined && want !== t.enabled;
}

export function countChanges(s: Staged, tools: ToolSummary[]): number {
  const toolChanges = tools.filter((t) => switched(s, t)).length;
  return (
    toolChanges +
    Object.keys(s.pins).length +
    (s.mode !== undefined ? 1 : 0) +
    (s.compaction !== undefined ? 1 : 0) +
    (s.maxTokens !== undefined ? 1 : 0)
  );
}

/** Whether a tool's row shows as changed (switched or pinned). */
export function rowChanged(s: Staged, t: ToolSummary): boolean {
  return switched(s, t) || s.pins[toolKey(t)] !== undefined;
}

/** A server's tool controls with the staged switches and pins of its tools folded in. */
export function foldControls(
  current: ToolControls,
  server: string,
  s: Staged,
  tools: ToolSummary[],
): ToolControls {
  const controls = { ...current };
  const disabled = new Set(controls.disabled ?? []);
  const pinned = new Set(controls.pinned ?? []);
  for (const t of tools.filter((x) => x.server === server)) {
    const key = toolKey(t);
    const want = s.tools[key];
    if (want !== undefined && want !== t.enabled) {
      if (want) {
        disabled.delete(t.name);
      } else {
        disabled.add(t.name);
      }
    }
    const pin = s.pins[key];
    if (pin === true) {
      pinned.add(t.name);
    } else if (pin === false) {
      pinned.delete(t.name);
    }
  }
  controls.disabled = [...disabled];
  controls.pinned = [...pinned];
  return controls;
}

/** The servers whose tool controls the staged changes touch. */
export function stagedServers(s: Staged, tools: ToolSummary[]): string[] {
  const out = new Set<string>();
  for (const t of tools) {
    if (rowChanged(s, t)) {
      out.add(t.server);
    }
  }
  return [...out];
}

/** The servers named by staged pins (keys are `server/tool`). */
export function pinnedServers(s: Staged): string[] {
  return [...new Set(Object.keys(s.pins).map((k) => k.slice(0, k.indexOf('/'))))];
}

/** The staged gateway settings (mode, compaction, budget), or undefined when none is staged. */
export function gatewayPatch(s: Staged): NonNullable<ContextPreviewBody['gateway']> | undefined {
  if (s.mode === undefined && s.compaction === undefined && s.maxTokens === undefined) {
    return undefined;
  }
  const patch: NonNullable<ContextPreviewBody['gateway']> = {};
  if (s.mode !== undefined) {
    patch.mode = s.mode;
  }
  if (s.compaction !== undefined) {
    patch.compaction = s.compaction;
  }
  if (s.maxTokens !== undefined) {
    patch.maxTokens = s.maxTokens;
  }
  return patch;
}

/** Stage a tool's switch; switching back to what it is now unstages it. */
export function stageTool(s: Staged, t: ToolSummary, on: boolean): Staged {
  const tools = { ...s.tools };
  if (on === t.enabled) {
    delete tools[toolKey(t)];
  } else {
    tools[toolKey(t)] = on;
  }
  return { ...s, tools };
}

/** Stage a tool's pin; pinning back to what it is now unstages it. */
export function stagePin(s: Staged, t: ToolSummary, pin: boolean, pinnedNow: boolean): Staged {
  const pins = { ...s.pins };
  if (pin === pinnedNow) {
    delete pins[toolKey(t)];
  } else {
    pins[toolKey(t)] = pin;
  }
  return { ...s, pins };
}

const WHOLE = /^[1-9]\d*$/;

/** Whether the budget field's text is acceptable: empty (no budget) or a whole number. */
export function budgetTextValid(text: string): boolean {
  const t = text.trim();
  return t === '' || WHOLE.test(t);
}

/** Stage the budget typed in the field; text that is not a budget, or the current one, stages nothing. */
export function stageBudget(s: Staged, text: string, currentBudget: number | undefined): Staged {
  const t = text.trim();
  const next = t === '' ? null : WHOLE.test(t) ? Number(t) : undefined;
  const same = (next === null && currentBudget === undefined) || next === currentBudget;
  return { ...s, maxTokens: next === undefined || same ? undefined : next };
}

/** The local estimate covers per-tool switches only (mode, compaction and budgets need the engine). */
export function localEstimate(
  s: Staged,
  tools: ToolSummary[],
): { delta: number; changed: number; settingsStaged: boolean } {
  let delta = 0;
  let changed = 0;
  for (const t of tools) {
    const want = s.tools[toolKey(t)];
    if (want === undefined || want === t.enabled) {
      continue;
    }
    changed++;
    if (want && !t.visible && t.hiddenReason === 'disabled') {
      delta += t.tokens;
    } else if (!want && t.visible) {
      delta -= t.tokens;
    }
  }
  return { delta, changed, settingsStaged: gatewayPatch(s) !== undefined };
}
