import { describe, expect, it } from 'vitest';

import type { ToolSummary } from '../../../src-shared/api/schemas.js';
import {
  budgetTextValid,
  countChanges,
  foldControls,
  gatewayPatch,
  localEstimate,
  NOTHING,
  pinnedServers,
  rowChanged,
  stageBudget,
  stagedServers,
  stagePin,
  stageTool,
} from './staged.js';

function tool(server: string, name: string, over: Partial<ToolSummary> = {}): ToolSummary {
  return {
    id: `${server}__${name}`,
    server,
    name,
    tokens: 100,
    enabled: true,
    visible: true,
    ...over,
  } as ToolSummary;
}

const read = tool('memory', 'read', { tokens: 300 });
const write = tool('memory', 'write', { enabled: false, visible: false, hiddenReason: 'disabled' });
const echo = tool('everything', 'echo', { tokens: 50 });
const tools = [read, write, echo];

describe('staging tool switches and pins', () => {
  it('stages a switch, and switching back to what it is unstages it', () => {
    const off = stageTool(NOTHING, read, false);
    expect(off.tools).toEqual({ 'memory/read': false });
    expect(rowChanged(off, read)).toBe(true);
    expect(stageTool(off, read, true).tools).toEqual({});
    expect(NOTHING.tools).toEqual({});
  });

  it('stages a pin against whether the tool is pinned now', () => {
    const pinned = stagePin(NOTHING, echo, true, false);
    expect(pinned.pins).toEqual({ 'everything/echo': true });
    expect(stagePin(pinned, echo, false, false).pins).toEqual({});
    expect(stagePin(NOTHING, echo, true, true).pins).toEqual({});
  });

  it('counts switched tools, pins and each staged setting', () => {
    expect(countChanges(NOTHING, tools)).toBe(0);
    // A staged switch equal to the tool's state is no change.
    expect(countChanges({ ...NOTHING, tools: { 'memory/read': true } }, tools)).toBe(0);
    const s = { ...stagePin(stageTool(NOTHING, write, true), echo, true, false), mode: 'meta' as const };
    expect(countChanges(s, tools)).toBe(3);
    expect(countChanges({ ...s, compaction: true, maxTokens: null }, tools)).toBe(5);
  });

  it('names the servers the changes touch, by switch or by pin', () => {
    const s = stagePin(stageTool(NOTHING, read, false), echo, true, false);
    expect(stagedServers(s, tools).sort()).toEqual(['everything', 'memory']);
    expect(pinnedServers(s)).toEqual(['everything']);
    expect(stagedServers(NOTHING, tools)).toEqual([]);
  });
});

describe('foldControls', () => {
  it('folds switches and pins of one server into its controls, keeping the rest', () => {
    const s = stagePin(stageTool(stageTool(NOTHING, read, false), write, true), read, true, false);
    const out = foldControls(
      { disabled: ['write', 'other'], pinned: ['x'], allow: ['*'] },
      'memory',
      s,
      tools,
    );
    expect(out.disabled?.sort()).toEqual(['other', 'read']);
    expect(out.pinned?.sort()).toEqual(['read', 'x']);
    expect(out.allow).toEqual(['*']);
    const unpin = stagePin(NOTHING, read, false, true);
    expect(foldControls({ pinned: ['read'] }, 'memory', unpin, tools).pinned).toEqual([]);
    // Another server's changes leave these controls alone.
    expect(foldControls({}, 'everything', s, tools)).toEqual({ disabled: [], pinned: [] });
  });
});

describe('gateway settings and the budget field', () => {
  it('lists only the staged settings', () => {
    expect(gatewayPatch(NOTHING)).toBeUndefined();
    expect(gatewayPatch({ ...NOTHING, maxTokens: null })).toEqual({ maxTokens: null });
    expect(gatewayPatch({ ...NOTHING, mode: 'meta', compaction: false })).toEqual({
      mode: 'meta',
      compaction: false,
    });
  });

  it('accepts an empty field or a whole number', () => {
    expect(budgetTextValid('')).toBe(true);
    expect(budgetTextValid(' 4000 ')).toBe(true);
    expect(budgetTextValid('0')).toBe(false);
    expect(budgetTextValid('12k')).toBe(false);
  });

  it('stages a new budget, its removal, and nothing for the current one or bad text', () => {
    expect(stageBudget(NOTHING, '5000', 4000).maxTokens).toBe(5000);
    expect(stageBudget(NOTHING, '', 4000).maxTokens).toBeNull();
    expect(stageBudget(NOTHING, '4000', 4000).maxTokens).toBeUndefined();
    expect(stageBudget(NOTHING, '', undefined).maxTokens).toBeUndefined();
    expect(stageBudget({ ...NOTHING, maxTokens: 10 }, 'ten', 4000).maxTokens).toBeUndefined();
  });
});

describe('localEstimate', () => {
  it('adds a disabled tool switched on and takes off a visible tool switched off', () => {
    const s = stageTool(stageTool(NOTHING, read, false), write, true);
    expect(localEstimate(s, tools)).toEqual({ delta: -300 + 100, changed: 2, settingsStaged: false });
  });

  it('leaves out tools hidden for another reason, and says when settings are staged', () => {
    const filtered = tool('x', 'y', { enabled: false, visible: false, hiddenReason: 'budget' });
    const s = { ...stageTool(NOTHING, filtered, true), compaction: true };
    expect(localEstimate(s, [filtered])).toEqual({ delta: 0, changed: 1, settingsStaged: true });
  });
});
