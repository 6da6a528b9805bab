import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { ERA_CACHE_FILE } from '../../src-main/engine/backends/era-cache.js';
import type { BackendConnection } from '../../src-main/engine/types.js';
import { type HttpBackend, startHttpBackend } from '../fixtures/servers/http-backend.mjs';
import { fixture, nodeServer } from '../lib/paths.js';
import { waitFor } from '../lib/wait.js';
import { config, type Harness, harness, waitForState } from './helpers.js';

let h: Harness | undefined;
const backends: HttpBackend[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  await Promise.all(backends.splice(0).map((b) => b.close()));
});

async function backend(options: Parameters<typeof startHttpBackend>[0]): Promise<HttpBackend> {
  const b = await startHttpBackend(options);
  backends.push(b);
  return b;
}

async function whoami(conn: BackendConnection | undefined): Promise<unknown> {
  const result = await conn?.client.callTool({ name: 'whoami', arguments: {} });
  return result?.content;
}

describe('remote backends', () => {
  it('reconnects when an HTTP backend goes away and comes back on the same port', async () => {
    const first = await backend({ mode: 'streamable' });
    h = harness({ settings: { pingIntervalMs: 100, pingTimeoutMs: 300, pingFailures: 1 } });
    await h.sup.apply(config({ remote: { url: first.url, type: 'http' } }));
    expect(h.sup.get('remote')).toMatchObject({ state: 'running', transport: 'http' });
    expect(await whoami(h.sup.connection('remote'))).toEqual([{ type: 'text', text: 'streamable' }]);
    const before = h.events.length;
    backends.splice(backends.indexOf(first), 1);
    await first.close();
    const degraded = await waitForState(h, 'remote', 'degraded', before);
    expect(degraded.reason).toMatch(/^ping failed \(.+\) 1×$/);
    const restarting = await waitForState(h, 'remote', 'restarting', before);
    expect(restarting.reason).toMatch(/^ping failed .* 2×; restarting in/);
    await backend({ mode: 'streamable', port: first.port });
    await waitForState(h, 'remote', 'running', before);
    expect(await whoami(h.sup.connection('remote'))).toEqual([{ type: 'text', text: 'streamable' }]);
    expect((h.sup.logs('remote')?.recent() ?? []).map((l) => l.line)).toContain(
      'ping failed (fetch failed) 1×',
    );
  });

  it('falls back to SSE for a type-less URL when Streamable HTTP is refused, and remembers it', async () => {
    const sse = await backend({ mode: 'sse' });
    h = harness();
    await h.sup.apply(config({ legacy: { url: sse.url } }));
    expect(h.sup.get('legacy')).toMatchObject({ state: 'running', transport: 'sse', era: 'legacy' });
    expect(await whoami(h.sup.connection('legacy'))).toEqual([{ type: 'text', text: 'sse' }]);
    expect((h.sup.logs('legacy')?.recent() ?? []).map((l) => l.line)).toContain(
      'Streamable HTTP answered 405; falling back to SSE',
    );
    await h.sup.restart('legacy');
    const lines = (h.sup.logs('legacy')?.recent() ?? []).map((l) => l.line);
    // The second start goes to SSE directly.
    expect(lines.filter((l) => l.includes('falling back to SSE'))).toHaveLength(1);
    expect(h.sup.get('legacy')?.transport).toBe('sse');
  });

  it('uses Streamable HTTP for a type-less URL that speaks it', async () => {
    const b = await backend({ mode: 'streamable' });
    h = harness();
    await h.sup.apply(config({ auto: { url: b.url } }));
    expect(h.sup.get('auto')).toMatchObject({ state: 'running', transport: 'http' });
  });

  it('sends configured headers, and never falls back to SSE after a 401', async () => {
    const b = await backend({ mode: 'streamable', token: 'sesame' });
    h = harness({ settings: { circuitMaxFailures: 1 } });
    await h.sup.apply(
      config({
        good: { url: b.url, headers: { Authorization: 'Bearer sesame' } },
        bad: { url: b.url, headers: { Authorization: 'Bearer wrong' } },
      }),
    );
    expect(h.sup.get('good')?.state).toBe('running');
    expect(h.sup.get('bad')?.state).toBe('error');
    expect(h.sup.get('bad')?.lastError).toBe(
      "server 'bad' refused access (HTTP 401) — check the credentials in mcpServers.bad.headers",
    );
    expect((h.sup.logs('bad')?.recent() ?? []).some((l) => l.line.includes('falling back'))).toBe(false);
  });

  it('reports an unreachable URL clearly', async () => {
    const b = await backend({ mode: 'streamable' });
    const url = b.url;
    await b.close();
    backends.splice(0);
    h = harness({ settings: { circuitMaxFailures: 1 } });
    await h.sup.apply(config({ gone: { url, type: 'http' } }));
    expect(h.sup.get('gone')?.lastError).toMatch(/^server 'gone' at '.*' is unreachable: /);
  });

  it('writes the era verdict to the data dir and reuses it on the next start', async () => {
    h = harness();
    await h.sup.apply(config({ noisy: nodeServer(fixture('servers/noisy-stdout.mjs')) }));
    const file = path.join(h.dataDir, ERA_CACHE_FILE);
    const read = () => {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, { era: string }> };
      } catch {
        return undefined;
      }
    };
    const saved = await waitFor(() => read(), 'the era cache file');
    const entries = Object.entries(saved.entries);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.[0]).toMatch(/^noisy#[0-9a-f]{16}$/);
    expect(entries[0]?.[1].era).toBe('legacy');
    // The first start probed with server/discover (answered -32601); the next one skips the probe.
    const handled = () =>
      (h?.sup.logs('noisy')?.recent() ?? []).filter((l) => l.line.startsWith('handled ')).map((l) => l.line);
    await waitFor(() => handled().length >= 2, 'the first handshake to be logged');
    expect(handled().slice(0, 2)).toEqual(['handled server/discover', 'handled initialize']);
    const seen = handled().length;
    await h.sup.restart('noisy');
    await waitFor(() => handled().length > seen, 'the second handshake to be logged');
    expect(handled().slice(seen)).toEqual(['handled initialize']);
  });
});
