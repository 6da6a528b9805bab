import { afterEach, describe, expect, it } from 'vitest';

import { listen, type Listening } from '../../../test/lib/frontends.js';
import { silentLogger } from '../telemetry/index.js';
import type { EraVerdict } from './era-cache.js';
import type { NegotiationEnv } from './negotiation.js';
import { httpStatusOf } from './start-errors.js';
import { createStartLog } from './start-log.js';
import { connectEither } from './transport-choice.js';
import { remoteOpener } from './transport-openers.js';

const servers: Listening[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.close();
  }
});

/**
 * A loopback server that refuses Streamable HTTP (POST) and SSE (GET) with these statuses, and
 * the env of a server configured with its URL and no type.
 */
async function refusing(post: number, get: number) {
  const seen: string[] = [];
  const server = await listen((req, res) => {
    seen.push(req.method ?? '');
    req.resume();
    res.writeHead(req.method === 'GET' ? get : post, { 'content-type': 'text/plain' }).end('no');
  });
  servers.push(server);
  const lines: string[] = [];
  const config = { url: `${server.url}/mcp` };
  const env: NegotiationEnv = {
    name: 'remote',
    config,
    key: 'remote-key',
    log: silentLogger,
    startLog: createStartLog((_stream, line) => lines.push(line)),
    opener: remoteOpener('remote', config, 'auto', undefined),
    options: {
      hooks: { capabilities: () => ({}), prepare: () => undefined },
      logger: silentLogger,
      settings: { startTimeoutMs: 5_000, stopGraceMs: 100 },
    },
  };
  const attempt = (cached?: EraVerdict) =>
    connectEither(env, cached).then(
      () => undefined,
      (err: unknown) => httpStatusOf(err),
    );
  return { seen, lines, attempt };
}

describe('transport choice for a URL without a type', () => {
  it('tries Streamable HTTP, then SSE when it answers 404, and says so in the server’s log', async () => {
    const { seen, lines, attempt } = await refusing(404, 405);
    expect(await attempt()).toBe(405);
    expect(seen[0]).toBe('POST');
    expect(seen.at(-1)).toBe('GET');
    expect(lines).toEqual(['Streamable HTTP answered 404; falling back to SSE']);
  });

  it('tries SSE first when SSE worked last time', async () => {
    const { seen, lines, attempt } = await refusing(400, 404);
    expect(await attempt({ era: 'legacy', transport: 'sse', at: 1 })).toBe(400);
    expect(seen[0]).toBe('GET');
    expect(lines).toEqual(['SSE answered 404; falling back to Streamable HTTP']);
  });

  it('never falls back after a refusal that is not about the transport', async () => {
    const { seen, lines, attempt } = await refusing(401, 405);
    expect(await attempt()).toBe(401);
    expect(seen).not.toContain('GET');
    expect(lines).toEqual([]);
  });
});
