import { afterEach, describe, expect, it } from 'vitest';

import { createMemoryEraCache, eraCacheKey } from '../../src-main/engine/backends/era-cache.js';
import type { BackendConnection } from '../../src-main/engine/types.js';
import { fixture, nodeServer } from '../lib/paths.js';
import { waitFor } from '../lib/wait.js';
import { config, type Harness, harness, waitForState } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('protocol era', () => {
  it('negotiates 2026-07-28 with a modern server, remembers the discover result, and health-checks it', async () => {
    const cache = createMemoryEraCache();
    h = harness({ eraCache: cache, settings: { pingIntervalMs: 50, pingTimeoutMs: 2_000 } });
    const server = nodeServer(fixture('servers/dual-era-stdio.mjs'));
    await h.sup.apply(config({ modern: server }));
    expect(h.sup.get('modern')).toMatchObject({
      state: 'running',
      era: 'modern',
      protocolVersion: '2026-07-28',
    });
    const verdict = cache.get(eraCacheKey('modern', server));
    expect(verdict?.era).toBe('modern');
    expect(verdict?.discover?.supportedVersions).toContain('2026-07-28');
    // Modern servers have no ping; server/discover keeps it running through several checks.
    const conn = h.sup.connection('modern') as BackendConnection;
    const discover = conn.client.discover.bind(conn.client);
    let checks = 0;
    conn.client.discover = (o) => {
      checks += 1;
      return discover(o);
    };
    await waitFor(() => checks >= 3, 'three health checks');
    expect(h.sup.get('modern')?.state).toBe('running');
    // The next start adopts the remembered verdict.
    await h.sup.restart('modern');
    expect(h.sup.get('modern')).toMatchObject({ state: 'running', era: 'modern' });
    const result = await h.sup
      .connection('modern')
      ?.client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(result?.content).toEqual([{ type: 'text', text: 'hi' }]);
  });

  it('drops a remembered verdict that no longer works and negotiates again', async () => {
    const cache = createMemoryEraCache();
    const server = nodeServer(fixture('servers/noisy-stdout.mjs'));
    // Pretend the server used to be modern; it is a 2025-era server now.
    cache.set(eraCacheKey('noisy', server), {
      era: 'modern',
      discover: { supportedVersions: ['2026-07-28'], capabilities: { tools: {} } } as never,
      at: Date.now(),
    });
    h = harness({ eraCache: cache });
    await h.sup.apply(config({ noisy: server }));
    expect(h.sup.get('noisy')).toMatchObject({ state: 'running', era: 'legacy' });
    expect(cache.get(eraCacheKey('noisy', server))?.era).toBe('legacy');
  });

  it('does not remember a legacy verdict that came from a probe timing out', async () => {
    const cache = createMemoryEraCache();
    // The probe waits at most 1 s here; the server answers nothing for 1.2 s.
    h = harness({ eraCache: cache, settings: { startTimeoutMs: 3_000 } });
    const server = nodeServer(fixture('servers/slow-start.mjs'), '1200');
    await h.sup.apply(config({ slow: server }));
    expect(h.sup.get('slow')).toMatchObject({ state: 'running', era: 'legacy' });
    expect(cache.get(eraCacheKey('slow', server))).toBeUndefined();
  });
});

describe('restart policy over time', () => {
  it('resets the backoff after a stable run', async () => {
    h = harness({ settings: { stableUptimeMs: 1 } });
    await h.sup.apply(config({ crashy: nodeServer(fixture('servers/crash-after-n.mjs'), '1') }));
    for (let round = 0; round < 3; round++) {
      const before = h.events.length;
      const conn = h.sup.connection('crashy') as BackendConnection;
      await new Promise((r) => setTimeout(r, 5));
      await conn.client.callTool({ name: 'echo', arguments: { text: 'x' } });
      const restarting = await waitForState(h, 'crashy', 'restarting', before);
      expect(restarting.reason).toBe('exited with code 1; restarting in 50 ms (attempt 1)');
      await waitForState(h, 'crashy', 'running', before);
    }
    expect(h.sup.get('crashy')?.restarts).toBe(3);
  });

  it('tries one probe start after the cool-down and reopens the circuit when it fails', async () => {
    h = harness({ settings: { circuitMaxFailures: 1, circuitCooldownMs: 100 } });
    await h.sup.apply(config({ dies: nodeServer(fixture('servers/exits-at-once.mjs')) }));
    const probe = await waitFor(
      () =>
        h?.events.find(
          (e) => e.server === 'dies' && e.reason === 'cool-down probe after the circuit was open',
        ),
      'the cool-down probe',
    );
    expect(probe.previous).toBe('error');
    await waitFor(() => (h?.states('dies').length ?? 0) >= 4, 'the probe to fail');
    expect(h.states('dies').slice(0, 4)).toEqual(['starting', 'error', 'starting', 'error']);
  });
});
