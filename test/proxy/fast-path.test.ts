import http from 'node:http';

import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1HttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ElicitationCompleteNotificationSchema,
  ElicitRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../lib/gateway.js';
import { EVERYTHING, fixture, nodeServer, ROOT } from '../lib/paths.js';

/**
 * The hot path for 2025-era sessions: tools/call, tools/list and ping answered as JSON straight
 * from the catalog; the answer turns into an SSE stream when the backend needs the client
 * mid-call; cancellation and log levels work as on the SDK path; anything else falls back.
 */
const CHATTY = `${ROOT}/test/proxy/fixtures/chatty-server.mjs`;
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

type Message = {
  jsonrpc: '2.0';
  id?: string | number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
};

let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({
    everything: nodeServer(EVERYTHING),
    chatty: nodeServer(CHATTY),
    dying: nodeServer(CHATTY),
    hangs: { ...nodeServer(fixture('servers/hangs-after-n.mjs'), '1'), timeout: 500 },
  });
  await gw.ready(['everything', 'chatty', 'dying', 'hangs']);
}, 60_000);

afterAll(async () => {
  await gw?.close();
});

async function post(
  session: string | undefined,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(gw.mcpUrl, {
    method: 'POST',
    headers: {
      ...HEADERS,
      ...(session === undefined ? {} : { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' }),
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** Every message of an answer, JSON or SSE. */
async function messages(res: Response): Promise<Message[]> {
  const text = await res.text();
  if (res.headers.get('content-type')?.startsWith('application/json') === true) {
    return [JSON.parse(text) as Message];
  }
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as Message);
}

/** Reads an SSE answer message by message, as it arrives. */
function sseReader(res: Response): () => Promise<Message | undefined> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return async () => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').find((l) => l.startsWith('data: '));
        if (data !== undefined) {
          return JSON.parse(data.slice(6)) as Message;
        }
        continue;
      }
      const { value, done } = await reader.read();
      if (done) {
        return undefined;
      }
      buffer += decoder.decode(value, { stream: true });
    }
  };
}

async function openSession(capabilities: Record<string, unknown> = {}): Promise<string> {
  const init = await post(undefined, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities, clientInfo: { name: 'raw-fast', version: '1' } },
  });
  expect(init.status).toBe(200);
  await init.text();
  const session = init.headers.get('mcp-session-id') as string;
  const ack = await post(session, { jsonrpc: '2.0', method: 'notifications/initialized' });
  expect(ack.status).toBe(202);
  return session;
}

describe('fast path (2025-era sessions)', () => {
  it('answers tools/call, tools/list and ping as one JSON object', async () => {
    // Legacy-era stdio backends are called straight over the wire (past the SDK client's Protocol).
    expect(gw.engine.ctx.supervisor.connection('everything')?.direct).toBeDefined();
    const session = await openSession();
    const call = await post(session, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'everything__echo', arguments: { message: 'hi' } },
    });
    expect(call.headers.get('content-type')).toBe('application/json');
    expect(call.headers.get('mcp-session-id')).toBe(session);
    expect(await messages(call)).toEqual([
      { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'Echo: hi' }] } },
    ]);
    expect(gw.engine.ctx.catalog.recentCalls().at(-1)).toMatchObject({
      server: 'everything',
      tool: 'echo',
      ok: true,
      client: 'raw-fast',
      sessionId: session,
    });

    const list = await post(session, { jsonrpc: '2.0', id: 'list-1', method: 'tools/list' });
    expect(list.headers.get('content-type')).toBe('application/json');
    const [listed] = await messages(list);
    expect(listed?.id).toBe('list-1');
    const names = (listed?.result?.['tools'] as { name: string }[]).map((t) => t.name);
    expect([...names].sort()).toEqual(
      gw.engine.ctx.catalog
        .tools()
        .filter((t) => t.visible)
        .map((t) => t.id)
        .sort(),
    );
    expect(names).toContain('chatty__log_then_answer');

    const ping = await post(session, { jsonrpc: '2.0', id: 9, method: 'ping' });
    expect(await messages(ping)).toEqual([{ jsonrpc: '2.0', id: 9, result: {} }]);
  });

  it('matches every answer to its own request when many calls are in flight on both paths', async () => {
    const session = await openSession();
    const fast = Array.from({ length: 40 }, (_, i) =>
      post(session, {
        jsonrpc: '2.0',
        id: `c${i}`,
        method: 'tools/call',
        params: { name: 'everything__echo', arguments: { message: `m${i}` } },
      }).then(messages),
    );
    // A call with a progress token rides the SDK path at the same time, over the same backend pipe.
    const slow = post(session, {
      jsonrpc: '2.0',
      id: 'p',
      method: 'tools/call',
      params: {
        name: 'everything__trigger-long-running-operation',
        arguments: { duration: 0.2, steps: 2 },
        _meta: { progressToken: 'tok' },
      },
    }).then(messages);
    const answers = await Promise.all(fast);
    answers.forEach((a, i) =>
      expect(a).toEqual([
        { jsonrpc: '2.0', id: `c${i}`, result: { content: [{ type: 'text', text: `Echo: m${i}` }] } },
      ]),
    );
    const progressed = await slow;
    expect(progressed.at(-1)?.id).toBe('p');
    expect(
      progressed.some((m) => m.method === 'notifications/progress' && m.params?.['progressToken'] === 'tok'),
    ).toBe(true);
  });

  it('sends a long call’s headers early, as a stream, so HTTP clients do not time out waiting', async () => {
    const session = await openSession();
    // No progress token, nothing from the backend until the end: only the early stream keeps the client informed.
    const res = await post(session, {
      jsonrpc: '2.0',
      id: 'long',
      method: 'tools/call',
      params: { name: 'everything__trigger-long-running-operation', arguments: { duration: 2, steps: 2 } },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const all = await messages(res);
    expect(all).toHaveLength(1);
    expect(all[0]?.id).toBe('long');
    expect(JSON.stringify(all[0]?.result)).toContain('Long running operation completed');
  });

  it('answers 404 to a call whose body was still arriving when its session ended', async () => {
    const session = await openSession();
    const url = new URL(gw.mcpUrl);
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 'late',
      method: 'tools/call',
      params: { name: 'everything__echo', arguments: { message: 'after close' } },
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            ...HEADERS,
            'mcp-session-id': session,
            'mcp-protocol-version': '2025-06-18',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 20));
      fetch(gw.mcpUrl, { method: 'DELETE', headers: { 'mcp-session-id': session } })
        .then((r) => {
          expect(r.status).toBe(200);
          req.end(body.slice(20));
        })
        .catch(reject);
    });
    const { status, text } = await answer;
    expect(status).toBe(404);
    expect(text).toContain('Session not found');
    expect(gw.engine.ctx.catalog.recentCalls().some((c) => c.sessionId === session)).toBe(false);
  });

  it('answers errors as JSON-RPC errors with the engine’s message', async () => {
    const session = await openSession();
    const res = await post(session, {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'nope__missing', arguments: {} },
    });
    const [answer] = await messages(res);
    expect(answer?.error?.code).toBe(-32602);
    expect(answer?.error?.message).toContain('Unknown tool "nope__missing"');
  });

  it('turns the answer into a stream when the backend asks the client, and matches the client’s reply', async () => {
    const session = await openSession({ sampling: {} });
    const res = await post(session, {
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'everything__trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 5 } },
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const next = sseReader(res);
    const ask = await next();
    expect(ask?.method).toBe('sampling/createMessage');
    expect(typeof ask?.id).toBe('string');
    const reply = await post(session, {
      jsonrpc: '2.0',
      id: ask?.id,
      result: { role: 'assistant', model: 'test-model', content: { type: 'text', text: 'sampled by hand' } },
    });
    expect(reply.status).toBe(202);
    const answer = await next();
    expect(answer?.id).toBe(3);
    expect(JSON.stringify(answer?.result)).toContain('sampled by hand');
    expect(await next()).toBeUndefined();
  });

  it('routes a URL-mode elicitation and its later completion to the client that made the call', async () => {
    const client = new V1Client(
      { name: 'url-client', version: '1' },
      { capabilities: { elicitation: { url: {} } } },
    );
    const asked: unknown[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked.push(req.params);
      return { action: 'accept' };
    });
    const completed = new Promise<unknown>((resolve) => {
      client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => resolve(n.params));
    });
    const transport = new V1HttpTransport(new URL(gw.mcpUrl));
    await client.connect(transport);
    try {
      const result = await client.callTool({ name: 'chatty__open_link', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'client said accept' }]);
      expect(asked).toEqual([
        expect.objectContaining({
          mode: 'url',
          url: 'https://example.com/authorize',
          elicitationId: 'link-1',
        }),
      ]);
      expect(await completed).toEqual({ elicitationId: 'link-1' });
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    }
  });

  it('refuses a server→client request the client cannot take, without hanging the call', async () => {
    const session = await openSession();
    const res = await post(session, {
      jsonrpc: '2.0',
      id: 4,
      method: 'tools/call',
      params: { name: 'everything__trigger-sampling-request', arguments: { prompt: 'hello', maxTokens: 5 } },
    });
    const all = await messages(res);
    const last = all.at(-1);
    expect(last?.id).toBe(4);
    expect(JSON.stringify(last)).toContain('does not support sampling');
  });

  it('forwards the backend’s log lines during a call, honouring logging/setLevel', async () => {
    const session = await openSession();
    const first = await messages(
      await post(session, {
        jsonrpc: '2.0',
        id: 5,
        method: 'tools/call',
        params: { name: 'chatty__log_then_answer', arguments: {} },
      }),
    );
    expect(first.map((m) => m.method ?? `answer ${String(m.id)}`)).toEqual([
      'notifications/message',
      'notifications/message',
      'answer 5',
    ]);
    expect(first.map((m) => m.params?.['level']).filter(Boolean)).toEqual(['info', 'error']);

    const level = await messages(
      await post(session, { jsonrpc: '2.0', id: 6, method: 'logging/setLevel', params: { level: 'error' } }),
    );
    expect(level.at(-1)?.result).toEqual({});
    const second = await messages(
      await post(session, {
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'chatty__log_then_answer', arguments: {} },
      }),
    );
    expect(second.map((m) => m.params?.['level'] ?? `answer ${String(m.id)}`)).toEqual(['error', 'answer 7']);
  });

  it('cancels a call answered here when the client sends notifications/cancelled', async () => {
    const session = await openSession();
    const before = await messages(
      await post(session, {
        jsonrpc: '2.0',
        id: 8,
        method: 'tools/call',
        params: { name: 'chatty__cancelled', arguments: {} },
      }),
    );
    const cancelledBefore = Number((before[0]?.result?.['content'] as { text: string }[])[0]?.text);
    const res = await post(session, {
      jsonrpc: '2.0',
      id: 'slow-1',
      method: 'tools/call',
      params: { name: 'chatty__wait_for_cancel', arguments: {} },
    });
    const next = sseReader(res);
    // The backend's log line says the call has reached it.
    expect((await next())?.params?.['data']).toBe('waiting');
    const cancel = await post(session, {
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 'slow-1', reason: 'user pressed stop' },
    });
    expect(cancel.status).toBe(202);
    // A cancelled request gets no answer: the stream just ends.
    expect(await next()).toBeUndefined();
    let count = cancelledBefore;
    for (let i = 0; i < 100 && count === cancelledBefore; i++) {
      const now = await messages(
        await post(session, {
          jsonrpc: '2.0',
          id: 100 + i,
          method: 'tools/call',
          params: { name: 'chatty__cancelled', arguments: {} },
        }),
      );
      count = Number((now[0]?.result?.['content'] as { text: string }[])[0]?.text);
    }
    expect(count).toBe(cancelledBefore + 1);
    expect(gw.engine.ctx.catalog.recentCalls().find((c) => c.tool === 'wait_for_cancel')).toMatchObject({
      ok: false,
    });
  });

  it('says which server did not answer in time, and which one went away mid-call', async () => {
    const session = await openSession();
    const call = (id: number, name: string, args: Record<string, unknown> = {}) =>
      post(session, { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }).then(
        messages,
      );
    expect((await call(30, 'hangs__echo', { text: 'first' }))[0]?.result).toEqual({
      content: [{ type: 'text', text: 'first' }],
    });
    const late = (await call(31, 'hangs__echo', { text: 'second' }))[0];
    expect(late?.error?.message).toContain('Server "hangs" did not answer tools/call in time');
    const gone = (await call(32, 'dying__exit_now'))[0];
    expect(gone?.error?.message).toContain('Server "dying" closed the connection during tools/call');
  });

  it('makes no AbortSignal and no timer of its own for a call (made only when something needs them)', async () => {
    const session = await openSession();
    const url = new URL(gw.mcpUrl);
    // node:http, not fetch: the client side makes neither an AbortController nor a timer.
    const rawCall = (id: number) =>
      new Promise<Message>((resolve, reject) => {
        const body = JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name: 'everything__echo', arguments: { message: `m${id}` } },
        });
        const req = http.request(
          url,
          {
            method: 'POST',
            headers: {
              ...HEADERS,
              'content-length': Buffer.byteLength(body),
              'mcp-session-id': session,
              'mcp-protocol-version': '2025-06-18',
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve(JSON.parse(text) as Message));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    await rawCall(0);
    const made = { controllers: 0, timers: 0 };
    const { AbortController: RealController, setTimeout: realSetTimeout } = globalThis;
    globalThis.AbortController = class extends RealController {
      constructor() {
        super();
        made.controllers += 1;
      }
    };
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      made.timers += 1;
      return realSetTimeout(...args);
    }) as typeof setTimeout;
    try {
      for (let i = 1; i <= 30; i++) {
        expect((await rawCall(i)).result).toEqual({ content: [{ type: 'text', text: `Echo: m${i}` }] });
      }
    } finally {
      globalThis.AbortController = RealController;
      globalThis.setTimeout = realSetTimeout;
    }
    // Once made per call: an AbortController, and timers for the call's limit, the delay before
    // its answer turns into a stream and the server's idle countdown (30 calls: 30 and 90). What is
    // left is the rest of the gateway going on meanwhile, more of it on a busy machine (restarts of
    // a server an earlier test stopped, body and idle sweeps, a sweep timer armed once).
    expect(made.controllers).toBeLessThan(6);
    expect(made.timers).toBeLessThan(15);
  });

  it('keeps the Host/Origin guard and the session’s scope in front of the hot path', async () => {
    const session = await openSession();
    const call = {
      jsonrpc: '2.0',
      id: 20,
      method: 'tools/call',
      params: { name: 'everything__echo', arguments: { message: 'x' } },
    };
    const evil = await post(session, call, { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(await evil.text()).toContain('FORBIDDEN_ORIGIN');
    const otherScope = await fetch(`${gw.mcpUrl}/everything`, {
      method: 'POST',
      headers: { ...HEADERS, 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify(call),
    });
    expect(otherScope.status).toBe(404);
    const star = await fetch(`${gw.mcpUrl}/*`, {
      method: 'POST',
      headers: { ...HEADERS, 'mcp-session-id': session },
      body: JSON.stringify(call),
    });
    expect(star.status).toBe(404);
  });

  it('leaves what it does not serve to the SDK path, with the SDK’s checks', async () => {
    const session = await openSession();
    const wrongVersion = await post(
      session,
      {
        jsonrpc: '2.0',
        id: 10,
        method: 'tools/call',
        params: { name: 'everything__echo', arguments: { message: 'x' } },
      },
      { 'mcp-protocol-version': '1999-01-01' },
    );
    expect(wrongVersion.status).toBe(400);
    const jsonOnly = await post(
      session,
      {
        jsonrpc: '2.0',
        id: 11,
        method: 'tools/call',
        params: { name: 'everything__echo', arguments: { message: 'x' } },
      },
      { accept: 'application/json' },
    );
    expect(jsonOnly.status).toBe(406);
    const withProgress = await post(session, {
      jsonrpc: '2.0',
      id: 12,
      method: 'tools/call',
      params: {
        name: 'everything__trigger-long-running-operation',
        arguments: { duration: 0.2, steps: 2 },
        _meta: { progressToken: 'p1' },
      },
    });
    expect(withProgress.headers.get('content-type')).toBe('text/event-stream');
    const streamed = await messages(withProgress);
    expect(streamed.filter((m) => m.method === 'notifications/progress').length).toBeGreaterThan(0);
    expect(streamed.at(-1)?.id).toBe(12);
    // A request id that is not a string or an integer is the SDK's to refuse, as it does.
    const fractionalId = await post(session, {
      jsonrpc: '2.0',
      id: 1.5,
      method: 'tools/call',
      params: { name: 'everything__echo', arguments: { message: 'x' } },
    });
    expect(fractionalId.status).toBe(400);
    expect(((await fractionalId.json()) as Message).error?.code).toBe(-32700);
  });
});
