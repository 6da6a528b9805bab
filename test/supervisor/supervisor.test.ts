import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { isProcessAlive } from '../../src-main/engine/backends/process-group.js';
import type { BackendConnection } from '../../src-main/engine/types.js';
import { manualClock } from '../lib/clock.js';
import { EVERYTHING, fixture, MEMORY, nodeServer } from '../lib/paths.js';
import { waitFor } from '../lib/wait.js';
import { config, type Harness, harness, waitForState } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('supervisor', () => {
  it('starts servers, reports status and logs, and tells listeners about connections', async () => {
    h = harness();
    const seen: Array<[string, boolean]> = [];
    h.sup.onConnection((name, conn) => seen.push([name, conn !== undefined]));
    await h.sup.apply(config({ memory: nodeServer(MEMORY), everything: nodeServer(EVERYTHING) }));
    for (const name of ['memory', 'everything']) {
      const s = h.sup.get(name);
      expect(s?.state).toBe('running');
      expect(s?.pid).toBeGreaterThan(0);
      expect(s?.era).toBe('legacy');
      expect(s?.transport).toBe('stdio');
      expect(h.states(name)).toEqual(['starting', 'running']);
    }
    const conn = h.sup.connection('memory') as BackendConnection;
    await conn.client.ping();
    expect((await conn.client.listTools()).tools.map((t) => t.name)).toContain('create_entities');
    expect(seen.sort()).toEqual([
      ['everything', true],
      ['memory', true],
    ]);
    const lines = h.sup.logs('memory')?.recent() ?? [];
    expect(lines[0]?.stream).toBe('gateway');
    expect(lines[0]?.line).toMatch(/^spawned pid \d+/);
    expect(h.events[0]?.reason).toBe('added');
    expect(h.events.find((e) => e.state === 'running')?.reason).toMatch(
      /^connected \(stdio, legacy 2025-11-25, pid \d+\)$/,
    );
  });

  it('restarts a crashed server with backoff and comes back running', async () => {
    // Backoff runs on the injected clock: nothing restarts until the test moves it.
    const clock = manualClock();
    h = harness({ clock });
    await h.sup.apply(config({ crashy: nodeServer(fixture('servers/crash-after-n.mjs'), '1') }));
    const first = h.sup.connection('crashy') as BackendConnection;
    const before = h.events.length;
    await first.client.callTool({ name: 'echo', arguments: { text: 'bye' } });
    const restarting = await waitForState(h, 'crashy', 'restarting', before);
    expect(restarting.reason).toBe('exited with code 1; restarting in 50 ms (attempt 1)');
    expect(clock.pending()).toContain(50);
    clock.advance(49);
    expect(h.sup.get('crashy')?.state).toBe('restarting');
    clock.advance(1);
    await waitForState(h, 'crashy', 'running', before);
    expect(h.states('crashy').slice(-3)).toEqual(['restarting', 'starting', 'running']);
    const s = h.sup.get('crashy');
    expect(s?.restarts).toBe(1);
    expect(s?.lastError).toBe('exited with code 1');
    expect(h.sup.connection('crashy')).not.toBe(first);
    const log = (h.sup.logs('crashy')?.recent() ?? []).map((l) => `${l.stream}: ${l.line}`);
    expect(log).toContain('stderr: crashing after 1 calls');
    expect(log).toContain('gateway: restart scheduled in 50 ms (attempt 1)');
  });

  it('opens the circuit after repeated failures and resetCircuit starts it again', async () => {
    const clock = manualClock();
    h = harness({ clock, settings: { circuitMaxFailures: 3 } });
    await h.sup.apply(config({ dies: nodeServer(fixture('servers/exits-at-once.mjs')) }));
    // Each wait is the backoff on the injected clock, doubling: 50 ms, then 100 ms.
    for (const [n, delay] of [
      [1, 50],
      [2, 100],
    ] as const) {
      await waitFor(() => h?.states('dies').filter((s) => s === 'restarting').length === n, `restart ${n}`);
      expect(clock.pending()).toContain(delay);
      clock.advance(delay);
    }
    const err = await waitForState(h, 'dies', 'error');
    expect(err.reason).toBe(
      "circuit open after 3 failures in 10 min — last: server 'dies' exited with code 3 before the MCP handshake finished — stderr: fatal: EXAMPLE_API_KEY is not set",
    );
    expect(h.states('dies')).toEqual([
      'starting',
      'restarting',
      'starting',
      'restarting',
      'starting',
      'error',
    ]);
    const backoffs = h.events
      .filter((e) => e.state === 'restarting')
      .map((e) => e.reason.match(/restarting in (\d+ ms)/)?.[1]);
    expect(backoffs).toEqual(['50 ms', '100 ms']);
    const status = h.sup.get('dies');
    expect(status?.failures).toBe(3);
    expect(status?.nextAttemptAt).toBeGreaterThan(status?.since ?? 0);
    const before = h.events.length;
    await h.sup.resetCircuit('dies');
    expect(h.events[before]?.state).toBe('starting');
    expect(h.events[before]?.reason).toBe('circuit reset');
  });

  it('goes straight to error, without retries, when the config must change first', async () => {
    h = harness();
    await h.sup.apply(config({ bad: { ...nodeServer(EVERYTHING), env: { LD_PRELOAD: '/x.so' } } }));
    expect(h.states('bad')).toEqual(['starting', 'error']);
    expect(h.sup.get('bad')?.reason).toBe(
      "env key 'LD_PRELOAD' is refused: it can hijack the server process. If you trust this server with it, " +
        'allow it: add "allow": ["LD_PRELOAD"] to mcpServers.bad (or click Allow on the server\'s page, or run ' +
        '`mcp-gateway servers allow bad LD_PRELOAD`); otherwise remove it from mcpServers.bad.env',
    );
    expect(h.sup.get('bad')?.canAllow).toEqual(['LD_PRELOAD']);
  });

  it('never lets a slow server delay a fast one', async () => {
    h = harness();
    // The slow server finishes starting only once the fast one runs, however loaded the machine.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-slow-'));
    const release = path.join(dir, 'release');
    const applying = h.sup.apply(
      config({
        slow: nodeServer(fixture('servers/slow-start.mjs'), '0', release),
        fast: nodeServer(fixture('servers/noisy-stdout.mjs')),
      }),
    );
    try {
      await waitFor(() => h?.sup.get('fast')?.state === 'running', 'the fast server running', 1_200);
      expect(h.sup.get('slow')?.state).toBe('starting');
      writeFileSync(release, '');
      await applying;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const running = h.events.filter((e) => e.state === 'running').map((e) => e.server);
    expect(running).toEqual(['fast', 'slow']);
    const startedBoth = h.events.findIndex((e) => e.server === 'fast' && e.state === 'starting');
    const slowStarting = h.events.findIndex((e) => e.server === 'slow' && e.state === 'starting');
    const fastRunning = h.events.findIndex((e) => e.server === 'fast' && e.state === 'running');
    expect(Math.max(startedBoth, slowStarting)).toBeLessThan(fastRunning);
  });

  it('marks a hung server degraded, then restarts it', async () => {
    h = harness({ settings: { pingIntervalMs: 100, pingTimeoutMs: 200, pingFailures: 2 } });
    await h.sup.apply(config({ hung: nodeServer(fixture('servers/hangs-after-n.mjs'), '1') }));
    const conn = h.sup.connection('hung') as BackendConnection;
    const pid = conn.pid as number;
    const before = h.events.length;
    await conn.client.callTool({ name: 'echo', arguments: { text: 'x' } });
    const degraded = await waitForState(h, 'hung', 'degraded', before);
    expect(degraded.reason).toBe('ping timed out 2×');
    const restarting = await waitForState(h, 'hung', 'restarting', before);
    expect(restarting.reason).toMatch(/^ping timed out 4×; restarting in 50 ms/);
    await waitForState(h, 'hung', 'running', before);
    await waitFor(() => !isProcessAlive(pid), 'the hung process to be stopped', 60);
    expect(h.sup.get('hung')?.pid).not.toBe(pid);
  });

  it('reconciles config changes: add, remove, change, disable, enable', async () => {
    h = harness();
    await h.sup.apply(
      config({
        a: nodeServer(fixture('servers/noisy-stdout.mjs')),
        b: nodeServer(fixture('servers/noisy-stdout.mjs')),
      }),
    );
    const pidA = h.sup.get('a')?.pid as number;
    const pidB = h.sup.get('b')?.pid as number;
    // b removed, a unchanged except a catalog-only field, c added disabled
    await h.sup.apply(
      config({
        a: { ...nodeServer(fixture('servers/noisy-stdout.mjs')), description: 'just a label' },
        c: { ...nodeServer(fixture('servers/noisy-stdout.mjs')), disabled: true },
      }),
    );
    expect(h.sup.get('b')).toBeUndefined();
    expect(isProcessAlive(pidB)).toBe(false);
    expect(h.events.find((e) => e.server === 'b' && e.state === 'stopped')?.reason).toBe(
      'removed from the config',
    );
    expect(h.sup.get('a')?.pid).toBe(pidA);
    expect(h.sup.get('c')?.state).toBe('disabled');
    // a changed: restarted with a new process; c enabled
    await h.sup.apply(
      config({
        a: nodeServer(fixture('servers/noisy-stdout.mjs'), 'extra-arg'),
        c: nodeServer(fixture('servers/noisy-stdout.mjs')),
      }),
    );
    expect(h.sup.get('a')?.state).toBe('running');
    expect(h.sup.get('a')?.pid).not.toBe(pidA);
    expect(isProcessAlive(pidA)).toBe(false);
    expect(h.events.filter((e) => e.server === 'a' && e.state === 'starting').map((e) => e.reason)).toEqual([
      'added',
      'config changed',
    ]);
    expect(h.states('c')).toEqual(['disabled', 'starting', 'running']);
    // disabling stops it for good: no restart follows
    const pidC = h.sup.get('c')?.pid as number;
    await h.sup.apply(
      config({
        a: nodeServer(fixture('servers/noisy-stdout.mjs'), 'extra-arg'),
        c: { ...nodeServer(fixture('servers/noisy-stdout.mjs')), disabled: true },
      }),
    );
    expect(h.sup.get('c')?.state).toBe('disabled');
    expect(h.sup.get('c')?.reason).toBe('user disabled');
    expect(isProcessAlive(pidC)).toBe(false);
    await expect(h.sup.restart('c')).rejects.toMatchObject({ code: 'SERVER_DISABLED' });
    await expect(h.sup.restart('nope')).rejects.toMatchObject({ code: 'SERVER_NOT_FOUND' });
  });

  it('restart() replaces the process; close() stops everything without restarts', async () => {
    h = harness();
    await h.sup.apply(
      config({
        s: nodeServer(fixture('servers/spawns-grandchild.mjs')),
        t: nodeServer(fixture('servers/ignores-sigterm.mjs')),
      }),
    );
    const pid = h.sup.get('s')?.pid as number;
    await h.sup.restart('s', 'user restart');
    expect(h.sup.get('s')?.state).toBe('running');
    expect(h.sup.get('s')?.pid).not.toBe(pid);
    const grandchildren = (h.sup.logs('s')?.recent() ?? [])
      .map((l) => l.line.match(/grandchild pid (\d+)/)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number);
    expect(grandchildren).toHaveLength(2);
    const pids = [h.sup.get('s')?.pid as number, h.sup.get('t')?.pid as number, ...grandchildren];
    const sup = h.sup;
    const events = h.events;
    await h.close();
    h = undefined;
    for (const p of pids) {
      expect(isProcessAlive(p)).toBe(false);
    }
    expect(sup.list().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    expect(events.at(-1)?.reason).toBe('gateway stopping');
    expect(events.filter((e) => e.state === 'restarting')).toEqual([]);
  });

  it('opens a dedicated connection per session', async () => {
    const prepared: Array<string | undefined> = [];
    h = harness({
      hooks: { capabilities: () => ({}), prepare: (_s, _c, session) => void prepared.push(session) },
    });
    await h.sup.apply(config({ e: nodeServer(fixture('servers/noisy-stdout.mjs')) }));
    const dedicated = await h.sup.openDedicated('e', 'session-1234567890');
    expect(dedicated.pid).not.toBe(h.sup.get('e')?.pid);
    expect(prepared).toEqual([undefined, 'session-1234567890']);
    expect(
      (h.sup.logs('e')?.recent() ?? []).some((l) => l.line.startsWith('[session session-] spawned pid')),
    ).toBe(true);
    await dedicated.close();
    expect(isProcessAlive(dedicated.pid as number)).toBe(false);
  });
});
