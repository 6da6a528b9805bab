import { type Client, ProtocolError } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { silentLogger as quiet } from '../telemetry/index.js';
import {
  type CallInFlight,
  type ClientRequestMethod,
  createClientRequests,
  type InputChannel,
  pickChannel,
} from './client-requests.js';

/** A client that answers every request with its own name, and can be held until released. */
function channel(name: string) {
  const asked: ClientRequestMethod[] = [];
  let release: () => void = () => undefined;
  let held: Promise<void> | undefined;
  const ch: InputChannel = {
    async request(method) {
      asked.push(method);
      await held;
      return { answeredBy: name };
    },
  };
  return {
    ch,
    asked,
    hold: () => (held = new Promise((r) => (release = r))),
    release: () => release(),
  };
}

const call = (input: InputChannel | undefined, extra: Partial<CallInFlight> = {}): CallInFlight => ({
  server: 's',
  sessionId: undefined,
  input,
  log: undefined,
  waiting: 0,
  lastAsk: 0,
  ...extra,
});

describe('pickChannel', () => {
  const a = channel('a').ch;
  const b = channel('b').ch;
  const session = channel('session').ch;

  it('sends the request to the only call in flight, even while it already waits', () => {
    expect(pickChannel('s', 'roots/list', [call(a, { waiting: 1 })], session)).toBe(a);
  });

  it('sends it to the one call not blocked on an earlier request', () => {
    expect(pickChannel('s', 'roots/list', [call(a, { waiting: 1 }), call(b)], undefined)).toBe(b);
  });

  it('sends it to the call that asked last when every call waits', () => {
    const calls = [call(a, { waiting: 1, lastAsk: 7 }), call(b, { waiting: 1, lastAsk: 3 })];
    expect(pickChannel('s', 'roots/list', calls, undefined)).toBe(a);
  });

  it("uses the session's own channel when no call is in flight", () => {
    expect(pickChannel('s', 'roots/list', undefined, session)).toBe(session);
  });

  it('refuses to guess between calls, and says how to avoid it', () => {
    expect(() => pickChannel('fs', 'sampling/createMessage', [call(a), call(b)], session)).toThrow(
      /2 client calls to "fs" are in progress.*"isolation": "per-session" on server "fs"/,
    );
    expect(() => pickChannel('fs', 'roots/list', [], undefined)).toThrow(ProtocolError);
  });
});

/** Routing over a live set of calls on one shared backend Client. */
function routing() {
  const client = {} as Client;
  const calls = new Set<CallInFlight>();
  const notified: [string, string, Record<string, unknown>][] = [];
  const requests = createClientRequests({
    callsOn: (c) => (c === client ? calls : undefined),
    sessionOf: () => undefined,
    sessionInput: () => undefined,
    notify: (sessionId, method, params) => notified.push([sessionId, method, params]),
    logger: quiet,
  });
  const signal = new AbortController().signal;
  const ask = (method: ClientRequestMethod, params?: Record<string, unknown>) =>
    requests.handler('s', client, method)({ params }, { mcpReq: { signal } }) as Promise<unknown>;
  return { client, calls, notified, requests, ask };
}

describe('createClientRequests', () => {
  it('marks a call as waiting while its client answers, and orders its asks', async () => {
    const r = routing();
    const a = channel('a');
    const entry = call(a.ch);
    r.calls.add(entry);
    a.hold();
    const answer = r.ask('roots/list');
    expect(entry.waiting).toBe(1);
    expect(entry.lastAsk).toBe(1);
    // A second call arrives while the first waits: the next request is the new call's.
    const b = channel('b');
    r.calls.add(call(b.ch));
    await expect(r.ask('roots/list')).resolves.toEqual({ answeredBy: 'b' });
    a.release();
    await expect(answer).resolves.toEqual({ answeredBy: 'a' });
    expect(entry.waiting).toBe(0);
  });

  it('brings a URL elicitation’s completion to the session that was asked, once', async () => {
    const r = routing();
    r.calls.add(call(channel('a').ch, { sessionId: 'sess-1' }));
    await r.ask('elicitation/create', { mode: 'url', elicitationId: 'e1', url: 'https://example.test' });
    r.requests.elicitationComplete('s', { elicitationId: 'e1' });
    r.requests.elicitationComplete('s', { elicitationId: 'e1' });
    expect(r.notified).toEqual([['sess-1', 'notifications/elicitation/complete', { elicitationId: 'e1' }]]);
  });

  it('forgets the elicitations of a session that ended', async () => {
    const r = routing();
    r.calls.add(call(channel('a').ch, { sessionId: 'sess-1' }));
    await r.ask('elicitation/create', { mode: 'url', elicitationId: 'e1', url: 'https://example.test' });
    r.requests.dropSession('sess-1');
    r.requests.elicitationComplete('s', { elicitationId: 'e1' });
    expect(r.notified).toEqual([]);
  });

  it('gives a backend log message to the one call that listens, and to nobody when two do', () => {
    const r = routing();
    const heard: string[] = [];
    r.calls.add(call(undefined, { log: (p) => heard.push(`first:${p.level}`) }));
    r.requests.log('s', r.client, { level: 'info' });
    r.calls.add(call(undefined, { log: (p) => heard.push(`second:${p.level}`) }));
    r.requests.log('s', r.client, { level: 'warning' });
    expect(heard).toEqual(['first:info']);
  });
});
