import { createHmac } from 'node:crypto';

import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Catalog } from '../../src-main/engine/catalog/index.js';
import { connectHttpV2, type Gateway, startGateway } from '../lib/gateway.js';
import { EVERYTHING, fixture, nodeServer } from '../lib/paths.js';

/**
 * Each pair of protocol eras through the gateway: a 2026-07-28 backend (the mrtr-modern
 * fixture, v2 SDK) and a 2025-era one (server-everything), each in front of a 2026-07-28
 * client (v2, pinned, and raw HTTP) and a 2025-11-25 client.
 */

const MRTR = fixture('servers/mrtr-modern.mjs');
let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({
    modern: nodeServer(MRTR),
    sloppy: nodeServer(MRTR, '--omit-result-type'),
    everything: nodeServer(EVERYTHING),
    legacy: nodeServer(MRTR, '--legacy'),
  });
  await gw.ready(['modern', 'sloppy', 'everything', 'legacy']);
});

afterAll(async () => {
  await gw?.close();
});

/** The engine's catalog with its routing surface (the context types only its API part). */
const catalog = () => gw.engine.ctx.catalog as unknown as Catalog;

const sign = (v: string) =>
  `${v}.${createHmac('sha256', 'fixture-key').update(v).digest('hex').slice(0, 16)}`;

interface RawReply {
  status: number;
  message: { result?: Record<string, unknown>; error?: { code: number; message: string } };
}

let nextId = 1;

/** One 2026-07-28 request over plain HTTP, with the envelope and headers a modern client sends. */
async function modernRaw(
  url: string,
  method: string,
  params: Record<string, unknown>,
  capabilities: Record<string, unknown> = { elicitation: { form: {} }, sampling: {} },
  signal?: AbortSignal,
): Promise<RawReply> {
  const name = typeof params['name'] === 'string' ? params['name'] : undefined;
  const body = {
    jsonrpc: '2.0',
    id: nextId++,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': capabilities,
        'io.modelcontextprotocol/clientInfo': { name: 'raw-modern', version: '1.0.0' },
      },
    },
  };
  const res = await fetch(url, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(name !== undefined ? { 'mcp-name': name } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => JSON.parse(l.slice(5)) as Record<string, unknown>)
        .find((m) => m['id'] === body.id)
    : (JSON.parse(text) as Record<string, unknown>);
  return { status: res.status, message: (json ?? {}) as RawReply['message'] };
}

async function modernClient(
  capabilities: Record<string, unknown> = { sampling: {}, elicitation: { form: {} } },
  url = gw.mcpUrl,
): Promise<Client> {
  let round = 0;
  return connectHttpV2(url, {
    name: 'modern-test',
    options: { versionNegotiation: { mode: { pin: '2026-07-28' } }, capabilities },
    setup(client) {
      client.setRequestHandler('sampling/createMessage', async () => ({
        role: 'assistant',
        model: 'm',
        content: { type: 'text', text: 'forty-two' },
      }));
      client.setRequestHandler('elicitation/create', async () => ({
        action: 'accept',
        content: { name: round++ === 0 ? 'Ada' : 'blue' },
      }));
    },
  });
}

async function legacyClient(url = gw.mcpUrl): Promise<Client> {
  return connectHttpV2(url, {
    name: 'legacy-test',
    version: '1.0.0',
    options: { capabilities: { sampling: {}, elicitation: { form: {} } } },
    setup(client) {
      client.setRequestHandler('sampling/createMessage', async () => ({
        role: 'assistant',
        model: 'm',
        content: { type: 'text', text: 'legacy-sampled' },
      }));
      client.setRequestHandler('elicitation/create', async () => ({
        action: 'accept',
        content: { name: 'Grace' },
      }));
    },
  });
}

const textOf = (r: { content?: unknown }) => JSON.stringify(r.content);

describe('2026-07-28 client ↔ 2026-07-28 backend: native relay', () => {
  it('the backend is reached in the modern era', () => {
    expect(catalog().eraOf('modern')).toBe('modern');
  });

  it('relays input_required as the backend sent it, and the retry untouched', async () => {
    const url = `${gw.url}/mcp/modern`;
    const first = await modernRaw(url, 'tools/call', { name: 'ask_name', arguments: {} });
    expect(first.status).toBe(200);
    const result = first.message.result ?? {};
    expect(result['resultType']).toBe('input_required');
    // The backend's own state and keys, not a gateway-minted one.
    expect(result['requestState']).toBe(sign('ask_name:1'));
    expect(Object.keys(result['inputRequests'] as object)).toEqual(['who']);
    expect(catalog().inFlight('modern')).toBe(0);

    const retry = await modernRaw(url, 'tools/call', {
      name: 'ask_name',
      arguments: {},
      inputResponses: { who: { action: 'accept', content: { name: 'Ada' } } },
      requestState: result['requestState'],
    });
    expect(retry.message.result?.['resultType']).toBe('complete');
    expect(textOf(retry.message.result ?? {})).toContain('Hello, Ada');
  });

  it('passes a tampered requestState to the backend, which rejects it', async () => {
    const retry = await modernRaw(`${gw.url}/mcp/modern`, 'tools/call', {
      name: 'ask_name',
      arguments: {},
      inputResponses: { who: { action: 'accept', content: { name: 'Eve' } } },
      requestState: sign('ask_name:1').replace(/.$/, (c) => (c === '0' ? '1' : '0')),
    });
    expect(textOf(retry.message.result ?? {})).toContain('requestState was altered');
  });

  it('a v2 client completes multi-round calls through /mcp (prefixed) without any parked call', async () => {
    const client = await modernClient();
    try {
      const twice = await client.callTool({ name: 'modern__ask_twice', arguments: {} });
      expect(textOf(twice)).toContain('Ada likes blue');
      const sampled = await client.callTool({ name: 'modern__needs_sampling', arguments: { prompt: 'q' } });
      expect(textOf(sampled)).toContain('sampled: forty-two');
      expect(catalog().inFlight()).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('refuses a tool that needs a capability the client did not declare: -32021, HTTP 400', async () => {
    const reply = await modernRaw(
      `${gw.url}/mcp/modern`,
      'tools/call',
      { name: 'needs_sampling', arguments: { prompt: 'q' } },
      { elicitation: { form: {} } },
    );
    expect(reply.message.error?.code).toBe(-32021);
    expect(reply.status).toBe(400);
  });

  it('checks Mcp-Method against the body', async () => {
    const res = await fetch(`${gw.url}/mcp/modern`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'tools/list',
        'mcp-name': 'echo',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'echo',
          arguments: { text: 'x' },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32020);
  });

  it('answers server/discover and gives lists cache hints and a stable order', async () => {
    const discover = await modernRaw(`${gw.url}/mcp/modern`, 'server/discover', {});
    expect(discover.message.result?.['supportedVersions']).toContain('2026-07-28');
    const a = await modernRaw(gw.mcpUrl, 'tools/list', {});
    const b = await modernRaw(gw.mcpUrl, 'tools/list', {});
    expect(a.message.result?.['ttlMs']).toBeTypeOf('number');
    expect(['public', 'private']).toContain(a.message.result?.['cacheScope']);
    const names = (r: RawReply) => (r.message.result?.['tools'] as { name: string }[]).map((t) => t.name);
    expect(names(a)).toEqual(names(b));
  });
});

describe('2025-11-25 client ↔ 2026-07-28 backend: input_required becomes server→client requests', () => {
  it('asks the calling session and retries with the backend’s requestState', async () => {
    const client = await legacyClient();
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe('2025-11-25');
      const greeted = await client.callTool({ name: 'modern__ask_name', arguments: {} });
      expect(textOf(greeted)).toContain('Hello, Grace');
      const sampled = await client.callTool({ name: 'modern__needs_sampling', arguments: { prompt: 'q' } });
      expect(textOf(sampled)).toContain('sampled: legacy-sampled');
    } finally {
      await client.close();
    }
  });

  it('routes concurrent calls from two sessions to their own clients', async () => {
    const a = await legacyClient();
    const b = await connectHttpV2(gw.mcpUrl, {
      name: 'other',
      version: '1.0.0',
      options: { capabilities: { elicitation: { form: {} } } },
      setup: (c) =>
        c.setRequestHandler('elicitation/create', async () => ({
          action: 'accept',
          content: { name: 'Linus' },
        })),
    });
    try {
      const [ra, rb] = await Promise.all([
        a.callTool({ name: 'modern__ask_name', arguments: {} }),
        b.callTool({ name: 'modern__ask_name', arguments: {} }),
      ]);
      expect(textOf(ra)).toContain('Hello, Grace');
      expect(textOf(rb)).toContain('Hello, Linus');
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('2025-11-25 client ↔ 2026-07-28 backend: resources/subscribe becomes subscriptions/listen', () => {
  it('delivers the backend’s resource updates to the subscribed session, and stops after unsubscribe', async () => {
    const client = await legacyClient(`${gw.url}/mcp/modern`);
    const updates: string[] = [];
    client.setNotificationHandler('notifications/resources/updated', (n) => {
      updates.push(n.params.uri);
    });
    try {
      await client.subscribeResource({ uri: 'test://watched' });
      await client.callTool({ name: 'touch_watched', arguments: {} });
      for (let i = 0; i < 100 && updates.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(updates).toEqual(['test://watched']);
      await client.unsubscribeResource({ uri: 'test://watched' });
      await client.callTool({ name: 'touch_watched', arguments: {} });
      await new Promise((r) => setTimeout(r, 200));
      expect(updates).toEqual(['test://watched']);
    } finally {
      await client.close();
    }
  });
});

describe('2026-07-28 client ↔ 2025-11-25 backend: server→client requests become input_required rounds', () => {
  it('refuses a tool whose backend asks for a capability the client did not declare: -32021, HTTP 400', async () => {
    const url = `${gw.url}/mcp/legacy`;
    const refused = await modernRaw(
      url,
      'tools/call',
      { name: 'needs_sampling', arguments: { prompt: 'x' } },
      { elicitation: { form: {} } },
    );
    expect(refused.status).toBe(400);
    expect(refused.message.error?.code).toBe(-32021);
    expect(
      (refused.message.error as { data?: { requiredCapabilities?: unknown } }).data?.requiredCapabilities,
    ).toEqual({ sampling: {} });
    // The backend call was cancelled, not left parked.
    expect(catalog().inFlight('legacy')).toBe(0);
  });

  it('a roots request during the call, from a client without roots, is refused to the backend and the call goes on', async () => {
    const reply = await modernRaw(
      `${gw.url}/mcp/legacy`,
      'tools/call',
      { name: 'roots_meanwhile', arguments: {} },
      { sampling: {} },
    );
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.message)).toContain('done; roots refused (-32601)');
    expect(catalog().inFlight('legacy')).toBe(0);
  });

  it('asks what the backend asks at once in one round, and answers each request from the retry', async () => {
    const url = `${gw.url}/mcp/legacy`;
    const answer = (r: { method: string }) =>
      r.method === 'elicitation/create'
        ? { action: 'accept', content: { name: 'Ada' } }
        : { role: 'assistant', model: 'm', content: { type: 'text', text: 'hi there' } };
    let reply = await modernRaw(url, 'tools/call', { name: 'ask_both', arguments: {} });
    const asked: string[][] = [];
    const states = new Set<unknown>();
    // Requests the backend sends together are one round (a later straggler gets its own): bounded.
    for (let i = 0; i < 3 && reply.message.result?.['resultType'] === 'input_required'; i++) {
      const requests = reply.message.result['inputRequests'] as Record<string, { method: string }>;
      asked.push(
        Object.values(requests)
          .map((r) => r.method)
          .sort(),
      );
      states.add(reply.message.result['requestState']);
      reply = await modernRaw(url, 'tools/call', {
        name: 'ask_both',
        arguments: {},
        inputResponses: Object.fromEntries(Object.entries(requests).map(([k, r]) => [k, answer(r)])),
        requestState: reply.message.result['requestState'],
      });
    }
    expect(asked.flat().sort()).toEqual(['elicitation/create', 'sampling/createMessage']);
    expect(states.size).toBe(asked.length);
    expect(textOf(reply.message.result ?? {})).toContain('Ada / hi there');
  });

  it('bridges prompts/get too', async () => {
    const client = await modernClient(undefined, `${gw.url}/mcp/legacy`);
    try {
      const prompt = await client.getPrompt({ name: 'named' });
      expect(JSON.stringify(prompt.messages)).toContain('Dear Ada');
    } finally {
      await client.close();
    }
  });
});

/** Poll (bounded) until `done` holds. */
async function until(done: () => boolean | Promise<boolean>, tries = 150): Promise<void> {
  for (let i = 0; i < tries && !(await done()); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('2026-07-28 client: its own subscriptions/listen reaches the backends', () => {
  /** A modern client that records the resource updates it hears. */
  async function listener(url: string): Promise<{ client: Client; updates: string[] }> {
    const client = await modernClient(undefined, url);
    const updates: string[] = [];
    client.setNotificationHandler('notifications/resources/updated', (n) => {
      updates.push(n.params.uri);
    });
    return { client, updates };
  }

  it('2026 backend: the URI joins the backend’s listen stream; updates reach only the stream that asked', async () => {
    const url = `${gw.url}/mcp/modern`;
    const a = await listener(url);
    const b = await listener(url);
    try {
      const subA = await a.client.listen({ resourceSubscriptions: ['test://watched'] });
      expect(subA.honoredFilter.resourceSubscriptions).toEqual(['test://watched']);
      const subB = await b.client.listen({ toolsListChanged: true });
      expect(subB.honoredFilter.resourceSubscriptions).toBeUndefined();
      await b.client.callTool({ name: 'touch_watched', arguments: {} });
      await until(() => a.updates.length > 0);
      await new Promise((r) => setTimeout(r, 100));
      expect(a.updates).toEqual(['test://watched']);
      expect(b.updates).toEqual([]);
      await subA.close();
      await b.client.callTool({ name: 'touch_watched', arguments: {} });
      await new Promise((r) => setTimeout(r, 200));
      expect(a.updates).toEqual(['test://watched']);
      await subB.close();
    } finally {
      await a.client.close();
      await b.client.close();
    }
  });

  it('2025 backend: the URI becomes resources/subscribe, and unsubscribe when the stream closes', async () => {
    const url = `${gw.url}/mcp/legacy`;
    expect(catalog().eraOf('legacy')).toBe('legacy');
    const a = await listener(url);
    const b = await listener(url);
    const subscribed = async () => textOf(await b.client.callTool({ name: 'subscribed', arguments: {} }));
    try {
      expect(await subscribed()).toContain('[]');
      const subA = await a.client.listen({ resourceSubscriptions: ['test://watched'] });
      expect(subA.honoredFilter.resourceSubscriptions).toEqual(['test://watched']);
      // A second stream on the same URI shares the backend's subscription.
      const subA2 = await a.client.listen({ resourceSubscriptions: ['test://watched'] });
      expect(await subscribed()).toContain('[\\"test://watched\\"]');
      await b.client.callTool({ name: 'touch_watched', arguments: {} });
      await until(() => a.updates.length >= 2);
      await new Promise((r) => setTimeout(r, 100));
      // One update per stream that asked, none for the client that did not.
      expect(a.updates).toEqual(['test://watched', 'test://watched']);
      expect(b.updates).toEqual([]);
      await subA.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(await subscribed()).toContain('[\\"test://watched\\"]');
      await subA2.close();
      let now = '';
      await until(async () => (now = await subscribed()).includes('[]'));
      expect(now).toContain('[]');
    } finally {
      await a.client.close();
      await b.client.close();
    }
  });

  it('honours only URIs a backend accepted', async () => {
    const client = await modernClient();
    try {
      const sub = await client.listen({
        toolsListChanged: true,
        resourceSubscriptions: ['test://nobody-serves-this'],
      });
      expect(sub.honoredFilter.toolsListChanged).toBe(true);
      expect(sub.honoredFilter.resourceSubscriptions).toBeUndefined();
      await sub.close();
    } finally {
      await client.close();
    }
  });
});

describe('leniency', () => {
  it('takes a result without resultType from a 2026-07-28 server as complete, and says so once', async () => {
    expect(catalog().eraOf('sloppy')).toBe('modern');
    const client = await legacyClient(`${gw.url}/mcp/sloppy`);
    const modern = await modernClient(undefined, `${gw.url}/mcp/sloppy`);
    try {
      for (let i = 0; i < 3; i++) {
        expect(textOf(await client.callTool({ name: 'echo', arguments: { text: `hi ${i}` } }))).toContain(
          `hi ${i}`,
        );
      }
      expect(textOf(await modern.callTool({ name: 'echo', arguments: { text: 'modern' } }))).toContain(
        'modern',
      );
      const warnings = gw.engine.ctx.supervisor.get('sloppy')?.protocolWarnings ?? [];
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('resultType');
      expect(gw.engine.ctx.supervisor.get('modern')?.protocolWarnings ?? []).toHaveLength(0);
      const res = await fetch(`${gw.url}/api/v1/servers/sloppy`, {
        headers: { authorization: `Bearer ${gw.engine.token}` },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { protocolWarnings?: string[] }).protocolWarnings?.[0]).toContain(
        'resultType',
      );
    } finally {
      await client.close();
      await modern.close();
    }
  });
});

describe('no leaked in-flight state', () => {
  it('1,000 abandoned calls leave nothing that confuses routing: a sampling request still finds its caller', async () => {
    const url = `${gw.url}/mcp/everything`;
    // 2026 clients that take the elicitation round and never come back (the backend call stays parked).
    const abandon = async () => {
      const r = await modernRaw(url, 'tools/call', { name: 'trigger-elicitation-request', arguments: {} });
      expect(r.message.result?.['resultType'], JSON.stringify(r.message)).toBe('input_required');
    };
    // 2026 clients that hang up mid-call, and 2025 clients that cancel.
    const hangUp = async () => {
      const ac = new AbortController();
      const p = modernRaw(
        url,
        'tools/call',
        { name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } },
        undefined,
        ac.signal,
      );
      setTimeout(() => ac.abort(), 20);
      await p.catch(() => undefined);
    };
    const legacy = await legacyClient(url);
    const cancel = async () => {
      const ac = new AbortController();
      const p = legacy.request(
        {
          method: 'tools/call',
          params: { name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } },
        },
        { signal: ac.signal },
      );
      setTimeout(() => ac.abort(), 20);
      await p.catch(() => undefined);
    };
    try {
      const kinds = [abandon, hangUp, cancel];
      // Bounded: 1,000 calls, one after the other (two calls at once to one shared 2025-era
      // connection could not be told apart anyway; that is what per-session isolation is for).
      for (let i = 0; i < 1000; i++) {
        await (kinds[i % 3] as () => Promise<void>)();
      }
      // Hung-up and cancelled calls are gone; only the parked ones (waiting for a client) remain.
      for (let i = 0; i < 100 && catalog().inFlight('everything') > 334; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(catalog().inFlight('everything')).toBe(334);
      const sampled = await legacy.callTool({
        name: 'trigger-sampling-request',
        arguments: { prompt: 'after', maxTokens: 5 },
      });
      expect(textOf(sampled)).toContain('legacy-sampled');
    } finally {
      await legacy.close();
    }
  }, 240_000);
});
