import { describe, expect, it } from 'vitest';

import { silentLogger } from '../telemetry/index.js';
import type { ConfigProblem } from '../types.js';
import { initialState } from './config-state.js';
import { reloadFile } from './reload.js';

const good = '{ "mcpServers": { "a": { "command": "x" } } }';

describe('reload', () => {
  it('adopts the file’s new text', async () => {
    const state = initialState('/c.json', silentLogger, '{}');
    await reloadFile(state, () => Promise.resolve(good));
    expect(Object.keys(state.config.mcpServers)).toEqual(['a']);
  });

  it('keeps the config when the file is gone, and reports a read that fails without rejecting', async () => {
    const state = initialState('/c.json', silentLogger, good);
    const problems: ConfigProblem[] = [];
    state.problemListeners.add((p) => problems.push(p));
    await reloadFile(state, () => Promise.resolve(undefined));
    expect(problems).toEqual([]);
    const busy = Object.assign(new Error('resource busy'), { code: 'EBUSY' });
    await reloadFile(state, () => Promise.reject(busy));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('could not read /c.json (EBUSY)');
    expect(state.problem).toBe(problems[0]);
    expect(Object.keys(state.config.mcpServers)).toEqual(['a']);
  });
});
