import type { Client } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { createCallsInFlight } from './calls-in-flight.js';
import type { CallInFlight } from './client-requests.js';

const call = (server: string): CallInFlight => ({
  server,
  sessionId: 's1',
  input: undefined,
  log: undefined,
  waiting: 0,
  lastAsk: 0,
});

describe('calls in flight', () => {
  it('keeps calls by client, counts them per server and forgets a client with its last call', () => {
    const calls = createCallsInFlight();
    const a = {} as Client;
    const b = {} as Client;
    const first = call('notes');
    const endFirst = calls.enter(a, first);
    const endSecond = calls.enter(a, call('notes'));
    const endThird = calls.enter(b, call('files'));
    expect(calls.count()).toBe(3);
    expect(calls.count('notes')).toBe(2);
    expect(calls.count('files')).toBe(1);
    endFirst();
    expect([...(calls.on(a) ?? [])]).not.toContain(first);
    expect(calls.on(a)?.size).toBe(1);
    endSecond();
    endThird();
    expect(calls.on(a)).toBeUndefined();
    expect(calls.on(b)).toBeUndefined();
    expect(calls.count()).toBe(0);
  });

  it('ends a call once even when its end runs twice after the client came back', () => {
    const calls = createCallsInFlight();
    const a = {} as Client;
    const end = calls.enter(a, call('notes'));
    end();
    calls.enter(a, call('notes'));
    end();
    expect(calls.count('notes')).toBe(1);
  });
});
