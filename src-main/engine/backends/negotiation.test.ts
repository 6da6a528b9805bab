import { InMemoryTransport } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { silentLogger } from '../telemetry/index.js';
import type { Logger } from '../types.js';
import { createMemoryEraCache } from './era-cache.js';
import { negotiate, type NegotiationEnv, priorOf, probeTimeout, rememberEra } from './negotiation.js';
import { createStartLog } from './start-log.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

const config: ServerConfig = { command: 'notes' };

/** An env whose opener links a fresh real server each call, after the failures given. */
function envWith(failures: Error[] = []) {
  const eraCache = createMemoryEraCache();
  const infos: string[] = [];
  const log = { ...silentLogger, info: (msg: string) => void infos.push(msg) } as Logger;
  let opened = 0;
  const prepared: string[] = [];
  const env: NegotiationEnv = {
    name: 'notes',
    config,
    key: 'notes-key',
    log,
    startLog: createStartLog(),
    options: {
      hooks: { capabilities: () => ({}), prepare: (name) => void prepared.push(name) },
      logger: silentLogger,
      settings: { startTimeoutMs: 5_000, stopGraceMs: 100 },
      eraCache,
    },
    opener: () => {
      opened += 1;
      const failure = failures.shift();
      if (failure !== undefined) {
        throw failure;
      }
      const mcp = new McpServer({ name: 'notes', version: '1.0.0' });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      void mcp.connect(serverSide);
      closers.push(() => mcp.close());
      return clientSide;
    },
  };
  return { env, eraCache, infos, prepared, opened: () => opened };
}

describe('era negotiation', () => {
  it('bounds the probe between 1 s and 10 s, a third of the start timeout', () => {
    expect(probeTimeout(900)).toBe(1_000);
    expect(probeTimeout(15_000)).toBe(5_000);
    expect(probeTimeout(60_000)).toBe(10_000);
  });

  it('turns a remembered verdict into what the handshake is told', () => {
    const discover = { supportedVersions: ['2026-07-28'] } as never;
    expect(priorOf(undefined)).toBeUndefined();
    expect(priorOf({ era: 'legacy', at: 1 })).toEqual({ kind: 'legacy' });
    expect(priorOf({ era: 'modern', discover, at: 1 })).toEqual({ kind: 'modern', discover });
    expect(priorOf({ era: 'modern', at: 1 })).toBeUndefined();
  });

  it('negotiates the era, remembers it, and connects with it the next time', async () => {
    const { env, eraCache, prepared } = envWith();
    const first = await negotiate(env, 'stdio', undefined);
    closers.push(() => first.client.close());
    const era = rememberEra(env, 'stdio', 'stdio', first.client, Date.now());
    const verdict = eraCache.get('notes-key');
    expect(verdict?.era).toBe(era);
    expect(verdict?.transport).toBeUndefined();
    expect(prepared).toEqual(['notes']);
    const again = await negotiate(env, 'stdio', priorOf(verdict));
    closers.push(() => again.client.close());
    expect(again.client.getProtocolEra() ?? 'legacy').toBe(era);
  });

  it('drops a remembered era that no longer works and negotiates again', async () => {
    const { env, eraCache, infos, opened } = envWith([new Error('connection refused')]);
    eraCache.set('notes-key', { era: 'legacy', at: 1 });
    const attempt = await negotiate(env, 'stdio', { kind: 'legacy' });
    closers.push(() => attempt.client.close());
    expect(opened()).toBe(2);
    expect(infos).toEqual(['remembered protocol era did not work; negotiating again']);
    expect(eraCache.get('notes-key')).toBeUndefined();
  });

  it('gives up at once on an error of its own, whatever was remembered', async () => {
    const refused = new GatewayError('ARG_REFUSED', 'refused');
    const { env, opened } = envWith([refused]);
    await expect(negotiate(env, 'stdio', { kind: 'legacy' })).rejects.toBe(refused);
    expect(opened()).toBe(1);
  });

  it('does not remember a legacy verdict reached only after the probe timed out, nor a stdio transport', async () => {
    const { env, eraCache } = envWith();
    const attempt = await negotiate(env, 'http', { kind: 'legacy' });
    closers.push(() => attempt.client.close());
    rememberEra(env, 'stdio', 'stdio', attempt.client, Date.now() - 10_000);
    expect(eraCache.get('notes-key')).toBeUndefined();
    rememberEra(env, 'auto', 'http', attempt.client, Date.now());
    expect(eraCache.get('notes-key')).toMatchObject({ era: 'legacy', transport: 'http' });
  });
});
