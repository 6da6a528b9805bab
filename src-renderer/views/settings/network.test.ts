import { describe, expect, it } from 'vitest';

import { liveAddress, pendingRestarts, portProblem } from './network.js';

describe('network settings', () => {
  it('reads where the gateway listens now from the API base', () => {
    expect(liveAddress('http://127.0.0.1:7411/api/v1')).toBe('127.0.0.1:7411');
    expect(liveAddress('not a url')).toBeUndefined();
  });

  it('takes an empty port or a whole number up to 65535, and says what a port is otherwise', () => {
    expect(portProblem('')).toBeUndefined();
    expect(portProblem('0')).toBeUndefined();
    expect(portProblem('65535')).toBeUndefined();
    expect(portProblem('65536')).toBe('A port is a whole number from 0 to 65535 (0 picks a free one).');
    expect(portProblem('80a')).toBeDefined();
    expect(portProblem('-1')).toBeDefined();
  });

  it('lists each setting that waits for a restart once', () => {
    expect(pendingRestarts(['port'], ['host', 'port'])).toEqual(['port', 'host']);
    expect(pendingRestarts([], [])).toEqual([]);
  });
});
