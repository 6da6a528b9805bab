import http, { type IncomingMessage, type ServerResponse } from 'node:http';

import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { afterEach, describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import {
  caller,
  defaultLimits,
  listen,
  type Listening,
  send,
  tokenCheck,
} from '../../../test/lib/frontends.js';
import { silentLogger } from '../telemetry/index.js';
import type { FastPath } from './fast-path.js';
import { BodyError, createBodyReader, sendJsonRpcError } from './http-util.js';
import type { LegacySession, SessionTable } from './legacy-sessions.js';
import type { Scopes } from './scopes.js';
import { createSessionPosts, SESSION_HEADER, SESSION_NOT_FOUND } from './session-post.js';

const toolsList = { jsonrpc: '2.0', id: 1, method: 'tools/list' };

/** One open session of the caller "editor" on /mcp, its transport never connected. */
function openSession(): LegacySession {
  return {
    id: 's1',
    scopeKey: '*',
    client: caller('editor'),
    transport: new NodeStreamableHTTPServerTransport({ sessionIdGenerator: () => 's1' }),
    fast: { id: 's1' },
    info: { lastSeenAt: 0 },
    opened: true,
    closed: false,
    sdkInFlight: 0,
    streams: new Set(),
  } as unknown as LegacySession;
}

function setup(options: { allows?: boolean; fastPathTakes?: boolean; inFlight?: number } = {}) {
  const routed: Array<() => void> = [];
  const clock = manualClock(5_000);
  const limits = defaultLimits({ maxBatchSize: 2, maxInFlightPerSession: 3 });
  const session = openSession();
  const byId = new Map([[session.id, session]]);
  const tracked: ServerResponse[] = [];
  const sessions = {
    byId,
    trackStream: (_s: LegacySession, res: ServerResponse) => tracked.push(res),
  } as unknown as SessionTable;
  const handled: unknown[] = [];
  const fastPath: FastPath = {
    inFlight: () => options.inFlight ?? 0,
    drop: () => undefined,
    toolsListJson: () => '{"tools":[]}',
    handle(_s, _req, res, body) {
      if (options.fastPathTakes === false) {
        return false;
      }
      handled.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"fast":true}');
      return true;
    },
  };
  const scopes = { scopeOfUrl: (url: string) => (url.startsWith('/mcp/') ? 'fs' : '*') } as unknown as Scopes;
  const bodies = createBodyReader({ clock, logger: silentLogger, timeoutMs: () => 30_000 });
  const failures: unknown[] = [];
  const identity = tokenCheck(['editor', 'other']);
  const posts = createSessionPosts({
    identity,
    clock,
    logger: silentLogger,
    limits,
    scopes,
    sessions,
    fastPath,
    bodies,
    allows: () => {
      routed.splice(0).forEach((f) => f());
      return options.allows ?? true;
    },
    failed(res, err) {
      failures.push(err);
      const status = err instanceof BodyError ? err.status : 500;
      sendJsonRpcError(res, status, -32603, err instanceof Error ? err.message : 'failed');
    },
  });
  /** Resolves when the next request reaches the Host/Origin check. */
  const nextRouted = () => new Promise<void>((resolve) => routed.push(resolve));
  return { clock, identity, session, tracked, handled, posts, failures, bodies, nextRouted };
}

const open: Array<{ server: Listening; env: ReturnType<typeof setup> }> = [];
afterEach(async () => {
  for (const { server, env } of open.splice(0)) {
    await server.close();
    env.bodies.close();
  }
});

/** The posts' `route()` in front of an app that answers 418 to whatever it is left. */
async function serve(env: ReturnType<typeof setup>): Promise<string> {
  const server = await listen((req, res) => {
    if (!env.posts.route(req, res)) {
      res.writeHead(418).end('left to the app');
    }
  });
  open.push({ server, env });
  return server.url;
}

const asEditor = { authorization: 'Bearer editor', [SESSION_HEADER]: 's1' };

describe('session posts', () => {
  it('take a POST on an open session and answer it on the fast path, marking the session seen', async () => {
    const env = setup();
    const url = await serve(env);
    env.clock.advance(1_000);
    const answer = await send(`${url}/mcp`, { headers: asEditor, body: toolsList });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('{"fast":true}');
    expect(env.handled).toEqual([toolsList]);
    expect(env.session.info.lastSeenAt).toBe(6_000);
  });

  it('leave to the app what is not a POST on an open session of this URL, or what the guard refuses', async () => {
    const env = setup();
    const url = await serve(env);
    const noSession = { authorization: 'Bearer editor' };
    expect((await send(`${url}/mcp`, { method: 'GET', headers: asEditor })).status).toBe(418);
    expect((await send(`${url}/mcp`, { headers: noSession, body: toolsList })).status).toBe(418);
    const unknown = { ...asEditor, [SESSION_HEADER]: 'nope' };
    expect((await send(`${url}/mcp`, { headers: unknown, body: toolsList })).status).toBe(418);
    // The session was opened on /mcp: /mcp/fs addresses another scope.
    expect((await send(`${url}/mcp/fs`, { headers: asEditor, body: toolsList })).status).toBe(418);
    env.session.opened = false;
    expect((await send(`${url}/mcp`, { headers: asEditor, body: toolsList })).status).toBe(418);
    expect(env.handled).toEqual([]);

    const refused = setup({ allows: false });
    const refusedUrl = await serve(refused);
    expect((await send(`${refusedUrl}/mcp`, { headers: asEditor, body: toolsList })).status).toBe(418);
  });

  it('answer a caller without a token, with another token or over its rate here', async () => {
    const env = setup();
    const url = await serve(env);
    const missing = await send(`${url}/mcp`, { headers: { [SESSION_HEADER]: 's1' }, body: toolsList });
    expect(missing.status).toBe(401);
    const other = await send(`${url}/mcp`, {
      headers: { ...asEditor, authorization: 'Bearer other' },
      body: toolsList,
    });
    expect(other.status).toBe(403);
    expect(other.error).toContain('another client token');
    env.identity.wait = 7;
    const throttled = await send(`${url}/mcp`, { headers: asEditor, body: toolsList });
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('7');
    expect(env.handled).toEqual([]);
    expect(env.session.info.lastSeenAt).toBe(0);
  });

  it('refuse a batch over the limit and requests over the in-flight limit before the fast path', async () => {
    const env = setup({ inFlight: 2 });
    const url = await serve(env);
    const batch = [1, 2, 3].map((id) => ({ ...toolsList, id }));
    const tooLong = await send(`${url}/mcp`, { headers: asEditor, body: batch });
    expect(tooLong.status).toBe(400);
    expect(tooLong.error).toContain('maxBatchSize');
    expect(env.failures[0]).toBeInstanceOf(BodyError);
    // Two in flight, a limit of three: one more fits, two do not.
    const two = await send(`${url}/mcp`, { headers: asEditor, body: batch.slice(0, 2) });
    expect(two.status).toBe(429);
    expect(two.error).toContain('2 requests in flight');
    expect(env.handled).toEqual([]);
    const one = await send(`${url}/mcp`, { headers: asEditor, body: toolsList });
    expect(one.status).toBe(200);
  });

  it('answer "session not found" when the session ends while the body is arriving', async () => {
    const env = setup();
    const url = new URL(await serve(env));
    const routed = env.nextRouted();
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, method: 'POST', path: '/mcp', headers: asEditor },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.flushHeaders();
      // The hot path takes the request when its headers come: end the session, then send the body.
      void routed.then(() => {
        env.session.closed = true;
        req.end(JSON.stringify(toolsList));
      });
    });
    expect(status).toBe(404);
    expect(env.handled).toEqual([]);
    expect(SESSION_NOT_FOUND).toContain('Reconnect');
  });

  it('give the SDK transport what the fast path does not serve, counted in flight until answered', async () => {
    const env = setup({ fastPathTakes: false });
    const seen: number[] = [];
    (env.session.transport as NodeStreamableHTTPServerTransport).handleRequest = async (
      _req: IncomingMessage,
      res: ServerResponse,
    ) => {
      seen.push(env.session.sdkInFlight);
      res.writeHead(202).end();
    };
    const url = await serve(env);
    const answer = await send(`${url}/mcp`, {
      headers: asEditor,
      body: [toolsList, { ...toolsList, id: 2 }],
    });
    expect(answer.status).toBe(202);
    expect(seen).toEqual([2]);
    expect(env.tracked).toHaveLength(1);
    await expect.poll(() => env.session.sdkInFlight).toBe(0);
  });

  it('decline everything once stopped', async () => {
    const env = setup();
    const url = await serve(env);
    env.posts.stop();
    expect((await send(`${url}/mcp`, { headers: asEditor, body: toolsList })).status).toBe(418);
    expect(env.handled).toEqual([]);
  });
});
