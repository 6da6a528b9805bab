import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { isProcessAlive } from '../../src-main/engine/backends/process-group.js';
import type { SleepCache } from '../../src-main/engine/types.js';
import { GatewayConfigSchema, type ServerConfig } from '../../src-shared/config.js';
import { isGatewayError } from '../../src-shared/errors.js';
import { manualClock } from '../lib/clock.js';
import { fixture, nodeServer } from '../lib/paths.js';
import { waitFor } from '../lib/wait.js';
import { type Harness, harness, waitForState } from './helpers.js';

/** A cache that says every server has lists (so a server starts asleep), remembering footprints. */
function fakeCache(): SleepCache & { footprints: Map<string, number> } {
  const footprints = new Map<string, number>();
  return {
    footprints,
    has: () => true,
    footprint: (name) => footprints.get(name),
    setFootprint: (name, _c, bytes) => void footprints.set(name, bytes),
  };
}

const MIN = 60_000;
let h: Harness | undefined;
let stateDir: string | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (stateDir !== undefined) {
    rmSync(stateDir, { recursive: true, force: true });
    stateDir = undefined;
  }
});

function sleepy(): ServerConfig {
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'gw-sleepy-'));
  return nodeServer(fixture('servers/sleepy.mjs'), stateDir);
}

const spawns = () =>
  readFileSync(path.join(stateDir as string, 'spawns'), 'utf8')
    .trim()
    .split('\n').length;

function gatewayConfig(servers: Record<string, ServerConfig>, sleepAfterMs = MIN) {
  return GatewayConfigSchema.parse({ gateway: { sleepAfterMs }, mcpServers: servers });
}

describe('sleeping servers (supervisor)', () => {
  it('sleeps after sleepAfterMs without a request, through the stop ladder, and remembers its footprint', async () => {
    const clock = manualClock();
    const cache = fakeCache();
    cache.has = () => false; // no cache yet: it starts at launch
    h = harness({ clock, sleepCache: cache });
    await h.sup.apply(gatewayConfig({ s: sleepy() }));
    const pid = h.sup.get('s')?.pid as number;
    expect(h.sup.get('s')?.state).toBe('running');
    expect(h.sup.get('s')?.sleepAfterMs).toBe(MIN);

    // A request in flight keeps it awake however long it takes.
    const release = h.sup.hold('s');
    clock.advance(5 * MIN);
    expect(h.sup.get('s')?.state).toBe('running');
    expect(h.sup.get('s')?.inFlight).toBe(1);
    release();
    clock.advance(MIN - 1);
    expect(h.sup.get('s')?.state).toBe('running');
    clock.advance(1);
    const asleep = await waitForState(h, 's', 'sleeping');
    expect(asleep.reason).toBe('idle for 60 s');
    await waitFor(() => !isProcessAlive(pid), 'the child to exit');
    expect(h.sup.connection('s')).toBeUndefined();
    expect(h.sup.get('s')?.pid).toBeUndefined();
    if (process.platform === 'linux') {
      expect(h.sup.get('s')?.footprintBytes).toBeGreaterThan(1_000_000);
      expect(cache.footprints.get('s')).toBe(h.sup.get('s')?.footprintBytes);
    }
    const log = (h.sup.logs('s')?.recent() ?? []).map((l) => l.line);
    expect(log).toContain('sleeping (idle for 60 s)');
  });

  it('never sleeps with keepAwake, sleepAfterMs 0 or something holding it awake, and says why', async () => {
    const clock = manualClock();
    h = harness({ clock, sleepCache: fakeCache() });
    await h.sup.apply(
      gatewayConfig({
        kept: { ...sleepy(), keepAwake: true },
        never: { ...nodeServer(fixture('servers/sleepy.mjs'), stateDir as string), sleepAfterMs: 0 },
        held: nodeServer(fixture('servers/sleepy.mjs'), stateDir as string),
      }),
    );
    // keepAwake and sleepAfterMs 0 start at launch even with a cache; `held` starts asleep.
    expect(h.sup.get('kept')?.state).toBe('running');
    expect(h.sup.get('never')?.state).toBe('running');
    expect(h.sup.get('held')?.state).toBe('sleeping');
    await h.sup.wake('held');
    const hold = h.sup.preventSleep('held', 'a client holds a resource subscription');
    clock.advance(30 * MIN);
    for (const name of ['kept', 'never', 'held']) {
      expect(h.sup.get(name)?.state).toBe('running');
    }
    expect(h.sup.get('kept')?.sleepBlockers).toEqual(['keepAwake is set']);
    expect(h.sup.get('never')?.sleepBlockers).toEqual(['sleepAfterMs is 0 (never)']);
    expect(h.sup.get('held')?.sleepBlockers).toEqual(['a client holds a resource subscription']);
    hold.dispose();
    expect(h.sup.get('held')?.sleepBlockers).toEqual([]);
    clock.advance(0);
    await waitForState(h, 'held', 'sleeping');
    expect(h.sup.get('kept')?.state).toBe('running');
  });

  it('starts asleep from its cache and concurrent wakes start it once', async () => {
    h = harness({ sleepCache: fakeCache() });
    await h.sup.apply(gatewayConfig({ s: sleepy() }));
    expect(h.sup.get('s')?.state).toBe('sleeping');
    expect(h.sup.get('s')?.reason).toBe('listed from its cache; starts on first use');
    expect(() => readFileSync(path.join(stateDir as string, 'spawns'))).toThrow(); // never spawned
    writeFileSync(path.join(stateDir as string, 'delay-ms'), '300');
    const conns = await Promise.all(Array.from({ length: 6 }, () => h?.sup.wake('s')));
    expect(new Set(conns).size).toBe(1);
    expect(spawns()).toBe(1);
    expect(h.states('s')).toEqual(['sleeping', 'starting', 'running']);
    expect(h.events.find((e) => e.state === 'starting')?.reason).toBe('woken by a request');
    // Awake: wake answers at once with the same connection.
    expect(await h.sup.wake('s')).toBe(conns[0]);
  });

  it('gives the waiting request a clear error when the server crashes during its wake', async () => {
    h = harness({ sleepCache: fakeCache() });
    await h.sup.apply(gatewayConfig({ s: sleepy() }));
    writeFileSync(path.join(stateDir as string, 'crash-on-start'), 'fatal: the database is locked');
    const err = await h.sup.wake('s').catch((e: unknown) => e);
    expect(isGatewayError(err) && err.code).toBe('SERVER_WAKE_FAILED');
    expect((err as Error).message).toMatch(
      /^Server "s" was started for this request and failed: server 's' exited with code 2 before the MCP handshake finished — stderr: fatal: the database is locked\. See its log/,
    );
    expect(h.sup.get('s')?.state).toBe('restarting');
  });

  it('a stopped or disabled server is not woken by a request', async () => {
    h = harness({ sleepCache: fakeCache() });
    await h.sup.apply(gatewayConfig({ s: { ...sleepy(), disabled: true } }));
    const err = await h.sup.wake('s').catch((e: unknown) => e);
    expect(isGatewayError(err) && err.code).toBe('SERVER_DISABLED');
  });
});
