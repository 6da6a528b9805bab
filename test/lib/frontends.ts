/**
 * Pieces the frontends' unit tests share: a token check over fixed tokens, a catalog that lists
 * fixed tools, an HTTP server on 127.0.0.1 around one request handler, and raw requests to it.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Catalog } from '../../src-main/engine/catalog/index.js';
import { type Limits, limitsOf } from '../../src-main/engine/frontends/limits.js';
import { type ClientIdentity, compileProfile, type Identity } from '../../src-main/engine/identity/index.js';
import type { Disposable } from '../../src-main/engine/types.js';
import { GatewayConfigSchema } from '../../src-shared/config.js';

/** The gateway's default limits, as one object a test may change in place. */
export function defaultLimits(overrides: Partial<Limits> = {}): Limits {
  return { ...limitsOf(GatewayConfigSchema.parse({ mcpServers: {} })), ...overrides };
}

/** A caller with a token of this name (its id is `id-<name>`), or the anonymous caller. */
export function caller(name?: string): ClientIdentity {
  return {
    tokenId: name === undefined ? undefined : `id-${name}`,
    name,
    profile: compileProfile('default', {}),
  };
}

export interface TokenCheck extends Identity {
  /** Seconds to wait that `throttle()` answers from now on (0: go ahead). */
  wait: number;
}

/**
 * The token check of `identity`: `Bearer <name>` is the caller `caller(name)` for each name given;
 * without a token the anonymous caller, unless tokens are required.
 */
export function tokenCheck(names: string[], required = true): TokenCheck {
  const callers = new Map(names.map((n) => [`Bearer ${n}`, caller(n)]));
  const check: TokenCheck = {
    wait: 0,
    required: () => required,
    check(authorization: string | undefined) {
      const client = authorization === undefined ? undefined : callers.get(authorization);
      if (client !== undefined) {
        return { ok: true, client };
      }
      if (authorization === undefined && !required) {
        return { ok: true, client: caller() };
      }
      return { ok: false, reason: authorization === undefined ? 'missing' : 'invalid' };
    },
    throttle: () => check.wait,
  } as unknown as TokenCheck;
  return check;
}

export type ListingCatalog = Catalog & {
  /** The ids of the sessions attached now. */
  attached: Set<string>;
  /** The scope's server of each tools/list, in order (undefined: every server). */
  scopesListed: Array<string | undefined>;
  /** The calls made, as `server/tool by client`. */
  calls: string[];
};

/**
 * A catalog with one tool per server name given (`<server>__tool`, answering "ok"), the sessions
 * attached to it and the calls made.
 */
export function listingCatalog(servers: string[]): ListingCatalog {
  const attached = new Set<string>();
  const scopesListed: Array<string | undefined> = [];
  const calls: string[] = [];
  const tools = servers.map((s) => ({ name: `${s}__tool`, inputSchema: { type: 'object' as const } }));
  const owner = (name: string) => servers.find((s) => name === `${s}__tool`);
  return {
    attached,
    scopesListed,
    calls,
    hasServer: (name: string) => servers.includes(name),
    startupSettled: () => Promise.resolve(),
    listTools(scope: { server?: string }) {
      scopesListed.push(scope.server);
      return scope.server === undefined ? tools : tools.filter((t) => t.name === `${scope.server}__tool`);
    },
    resolveTool(scope: { server?: string }, name: string) {
      const server = owner(name);
      return server === undefined || (scope.server ?? server) !== server
        ? undefined
        : { server, name: 'tool' };
    },
    toolDefinition: (server: string) => tools.find((t) => t.name === `${server}__tool`),
    eraOf: () => 'legacy',
    callTool(target: { server: string; name: string }, _args: unknown, fc: { client: string }) {
      calls.push(`${target.server}/${target.name} by ${fc.client}`);
      return Promise.resolve({ content: [{ type: 'text', text: 'ok' }] });
    },
    rootsChanged: () => undefined,
    attachSession(session: { id: string }): Disposable {
      attached.add(session.id);
      return { dispose: () => attached.delete(session.id) };
    },
  } as unknown as ListingCatalog;
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** `handle` behind an HTTP server on 127.0.0.1 (any free port). */
export async function listen(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Listening> {
  const server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The JSON-RPC error's message, if the answer is one. */
  error: string | undefined;
}

/** One HTTP request; `body` is sent as JSON unless it is a string. */
export async function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const body =
    options.body === undefined || typeof options.body === 'string'
      ? options.body
      : JSON.stringify(options.body);
  const res = await fetch(url, {
    method: options.method ?? 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...options.headers,
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  let error: string | undefined;
  try {
    error = (JSON.parse(text) as { error?: { message?: string } }).error?.message;
  } catch {
    error = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), text, error };
}
