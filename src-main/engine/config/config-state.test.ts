import { describe, expect, it } from 'vitest';

import { silentLogger } from '../telemetry/index.js';
import type { ConfigProblem } from '../types.js';
import { adopt, initialState } from './config-state.js';

const good = '{ "mcpServers": { "a": { "command": "x" } } }';

describe('config state', () => {
  it('starts from a good file, or empty with the problem of a broken one', () => {
    expect(Object.keys(initialState('/c.json', silentLogger, good).config.mcpServers)).toEqual(['a']);
    const broken = initialState('/c.json', silentLogger, '{ "mcpServers": ');
    expect(broken.config.mcpServers).toEqual({});
    expect(broken.problem?.message).toEqual(expect.any(String));
  });

  it('adopts good text with one change event, and keeps the last good config over a broken one', () => {
    const state = initialState('/c.json', silentLogger, good);
    const changes: string[][] = [];
    const problems: ConfigProblem[] = [];
    state.changeListeners.add((next, prev, source) =>
      changes.push([source, ...Object.keys(prev.mcpServers), '→', ...Object.keys(next.mcpServers)]),
    );
    state.problemListeners.add((p) => problems.push(p));
    expect(adopt(state, good)).toBeUndefined();
    const withB = '{ "mcpServers": { "a": { "command": "x" }, "b": { "command": "y" } } }';
    expect(adopt(state, withB)).toBeUndefined();
    // The same config in other words is no change.
    expect(adopt(state, withB.replace(/ /g, ''))).toBeUndefined();
    expect(changes).toEqual([['file', 'a', '→', 'a', 'b']]);
    const problem = adopt(state, '{ "mcpServers": { "c": { "command": 1 } } }');
    expect(problem).toBeDefined();
    expect(problems).toEqual([problem]);
    expect(state.problem).toBe(problem);
    expect(Object.keys(state.config.mcpServers)).toEqual(['a', 'b']);
    // The same broken text again is judged again (and the good one clears the problem).
    expect(adopt(state, withB)).toBeUndefined();
    expect(state.problem).toBeUndefined();
  });
});
