import { setImmediate as turn } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import type { ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { manualClock } from '../../../test/lib/clock.js';
import { RefusedByPolicyError } from '../backends/index.js';
import { createEventBus } from '../events.js';
import { silentLogger } from '../telemetry/index.js';
import type { BackendConnection } from '../types.js';
import type { BackendOpener } from './backend-opener.js';
import { type Entry, newEntry } from './entry.js';
import { settingsReader } from './settings.js';
import { type StartDeps, startServer } from './starting.js';
import { createTransitions } from './transitions.js';

/** A connection that ends when the test says so, counting its closes. */
function connection(pid?: number) {
  let end: (why: { reason: string }) => void = () => undefined;
  const closed = new Promise<{ reason: string }>((resolve) => (end = resolve));
  const conn = {
    transport: 'stdio',
    era: 'legacy',
    protocolVersion: '2025-11-25',
    pid,
    closed,
    closes: 0,
    close: async () => void (conn.closes += 1),
  };
  return {
    conn: conn as unknown as BackendConnection & { closes: number },
    end: (reason: string) => end({ reason }),
  };
}

type Open = (e: Entry, expanded: ServerConfig, opts: { signal?: AbortSignal }) => Promise<BackendConnection>;

/** A server about to start; `open` decides what opening its backend does. */
function setup(open: Open, expand: (c: ServerConfig) => ServerConfig = (c) => c) {
  const clock = manualClock();
  const calls: string[] = [];
  const failures: Array<{ reason: string; attention: boolean; upSince: number | undefined }> = [];
  const opener: BackendOpener = {
    expand: async (e) => expand(e.config),
    open,
    close: async () => undefined,
  };
  const deps: StartDeps = {
    clock,
    log: silentLogger,
    settings: settingsReader({ startTimeoutMs: 10_000, stopGraceMs: 1_000 }),
    isClosed: () => false,
    setState: createTransitions({ clock, log: silentLogger, bus: createEventBus() }),
    notify: (name, conn) => calls.push(`notify ${name} ${conn === undefined ? 'down' : 'up'}`),
    opener,
    failed: (_e, reason, attention, upSince) => void failures.push({ reason, attention, upSince }),
    health: { schedule: (_e, gen) => void calls.push(`ping ${gen}`) },
    idle: { arm: () => void calls.push('idle') },
    footprint: { measureLater: (_e, _c, gen) => void calls.push(`measure ${gen}`) },
  };
  const e = newEntry(
    's',
    { command: 'node', env: { API_TOKEN: '${secret:TOKEN}' } },
    {
      clock,
      logLines: 50,
      footprintBytes: undefined,
    },
  );
  const waiter = () =>
    new Promise<BackendConnection>((resolve, reject) => e.waiters.add({ resolve, reject }));
  return { clock, deps, e, calls, failures, waiter };
}

describe('starting a server', () => {
  it('comes up running, serves its waiters and arms pings, the idle countdown and a measurement', async () => {
    const c = connection(4242);
    const { deps, e, calls, failures, waiter } = setup(async () => c.conn);
    const waiting = waiter();
    await startServer(deps, e, 'added');
    expect(e.state).toBe('running');
    expect(e.reason).toBe('connected (stdio, legacy 2025-11-25, pid 4242)');
    expect(e.conn).toBe(c.conn);
    await expect(waiting).resolves.toBe(c.conn);
    expect(calls).toEqual(['notify s up', `ping ${e.generation}`, 'idle', `measure ${e.generation}`]);
    expect(failures).toEqual([]);
    expect(e.runs.size).toBe(0);
  });

  it('counts a lost connection as a failure of the run that began at startedAt', async () => {
    const c = connection();
    const { clock, deps, e, calls, failures } = setup(async () => c.conn);
    await startServer(deps, e, 'added');
    const startedAt = e.startedAt;
    clock.advance(5_000);
    c.end('exit code 1');
    await turn();
    expect(e.conn).toBeUndefined();
    expect(e.restarts).toBe(1);
    expect(calls.at(-1)).toBe('notify s down');
    expect(failures).toEqual([{ reason: 'exit code 1', attention: false, upSince: startedAt }]);
    expect(e.ring.recent().at(-1)?.line).toBe('connection lost: exit code 1');
  });

  it('gives up at the backstop when opening hangs, and the waiting request hears why', async () => {
    const { clock, deps, e, failures, waiter } = setup(
      (_e, _x, { signal }) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    );
    const waiting = waiter();
    const started = startServer(deps, e, 'added');
    await turn();
    // startTimeoutMs + 3 × stopGraceMs + 1 s
    clock.advance(13_999);
    expect(e.state).toBe('starting');
    clock.advance(1);
    await started;
    expect(failures).toEqual([{ reason: 'did not start within 10 s', attention: false, upSince: undefined }]);
    await expect(waiting).rejects.toMatchObject({
      code: 'SERVER_WAKE_FAILED',
      message: expect.stringContaining('failed: did not start within 10 s'),
    });
  });

  it('waits for the user, without a failure, when the server needs approval or sign-in', async () => {
    for (const [code, state] of [
      ['APPROVAL_REQUIRED', 'needs-approval'],
      ['SIGN_IN_REQUIRED', 'needs-sign-in'],
    ] as const) {
      const { deps, e, failures, waiter } = setup(async () => {
        throw new GatewayError(code, `server 's' needs the user (${code})`);
      });
      const waiting = waiter();
      await startServer(deps, e, 'added');
      expect(e.state).toBe(state);
      expect(failures).toEqual([]);
      expect(e.lastError).toBeUndefined();
      await expect(waiting).rejects.toMatchObject({ code });
    }
  });

  it('keeps the expanded secret out of the error, and opens the circuit for what a restart cannot fix', async () => {
    const { deps, e, failures } = setup(
      async (_e, expanded) => {
        throw new RefusedByPolicyError(
          'ENV_KEY_REFUSED',
          `refused: API_TOKEN=${expanded.env?.API_TOKEN ?? ''}`,
          ['API_TOKEN'],
          'env',
        );
      },
      (c) => ({ ...c, env: { API_TOKEN: 'tok-9f8e7d6c5b4a39281706' } }),
    );
    await startServer(deps, e, 'added');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.attention).toBe(true);
    expect(failures[0]?.reason).not.toContain('tok-9f8e7d6c5b4a39281706');
    expect(e.canAllow).toEqual(['API_TOKEN']);
    expect(
      e.ring
        .recent()
        .map((l) => l.line)
        .join('\n'),
    ).not.toContain('tok-9f8e7d6c5b4a39281706');
  });

  it('lets a newer start supersede one in flight, closing the connection the older one opened', async () => {
    const first = connection();
    const second = connection();
    const opens = [first, second];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { deps, e } = setup(async () => {
      const c = opens.shift();
      if (c === first) {
        await gate;
      }
      return (c ?? second).conn;
    });
    const older = startServer(deps, e, 'added');
    await turn();
    await startServer(deps, e, 'restart requested');
    expect(e.conn).toBe(second.conn);
    release();
    await older;
    expect(first.conn.closes).toBe(1);
    expect(e.conn).toBe(second.conn);
    expect(e.state).toBe('running');
  });
});
