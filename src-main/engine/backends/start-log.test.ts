import { describe, expect, it } from 'vitest';

import { createStartLog } from './start-log.js';

describe('start log', () => {
  it('passes every line on and keeps the last five stderr lines for the error', () => {
    const heard: string[] = [];
    const log = createStartLog((stream, line) => heard.push(`${stream}: ${line}`));
    for (let i = 1; i <= 7; i += 1) {
      log.sink('stderr', `e${i}`);
    }
    log.sink('stdout', 'noise');
    log.sink('gateway', 'a line of ours');
    expect(log.tail).toEqual(['e3', 'e4', 'e5', 'e6', 'e7']);
    expect(heard).toHaveLength(9);
    expect(heard.at(-1)).toBe('gateway: a line of ours');
    log.clearTail();
    expect(log.tail).toEqual([]);
    expect(log.lastExit).toBeUndefined();
  });

  it('works without a sink', () => {
    const log = createStartLog();
    log.sink('stderr', 'only kept');
    expect(log.tail).toEqual(['only kept']);
  });
});
