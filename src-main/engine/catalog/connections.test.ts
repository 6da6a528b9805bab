import { describe, expect, it } from 'vitest';

import { catalogSettings } from '../../../test/lib/catalog.js';
import type { BackendConnection, SupervisorApi } from '../types.js';
import { createConnections } from './connections.js';

const conn = (server: string) => ({ server }) as BackendConnection;

/** A supervisor with one sleeping server whose start finishes when the test says so. */
function sleepingServer() {
  const log: string[] = [];
  let up: BackendConnection | undefined;
  let finish: () => void = () => undefined;
  let woken: Promise<BackendConnection> | undefined;
  const api = {
    get: () => ({ state: up === undefined ? 'sleeping' : 'running' }),
    connection: () => up,
    wake: (name: string, reason: string) => {
      log.push(`wake ${name}: ${reason}`);
      woken ??= new Promise<BackendConnection>((resolve) => {
        finish = () => {
          up = conn(name);
          resolve(up);
        };
      });
      return woken;
    },
    hold: (name: string) => {
      log.push(`hold ${name}`);
      return () => log.push(`release ${name}`);
    },
  } as unknown as SupervisorApi;
  return { api, log, finish: () => finish() };
}

describe('createConnections', () => {
  it('stops waiting for a wake when the request is cancelled, while the server still comes up', async () => {
    const s = sleepingServer();
    const c = createConnections({
      supervisor: s.api,
      settings: () => catalogSettings({ notes: { command: 'x' } }),
      openDedicated: () => undefined,
    });
    const abort = new AbortController();
    const waiting = c.connectionFor('notes', { client: 'c', signal: abort.signal });
    const other = c.connectionFor('notes', { client: 'c' });
    abort.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    s.finish();
    await expect(other).resolves.toEqual({ server: 'notes' });
    expect(s.log).toEqual(['wake notes: woken by a request', 'wake notes: woken by a request']);
  });

  it('holds a server it wakes until it is up, and leaves running or unknown servers alone', async () => {
    const s = sleepingServer();
    const c = createConnections({
      supervisor: s.api,
      settings: () => catalogSettings({ notes: { command: 'x' } }),
      openDedicated: () => undefined,
    });
    await c.ensureAwake('ghost');
    const awake = c.ensureAwake('notes');
    expect(s.log).toEqual(['hold notes', 'wake notes: woken by a request']);
    s.finish();
    await awake;
    await c.ensureAwake('notes');
    expect(s.log).toEqual(['hold notes', 'wake notes: woken by a request', 'release notes']);
  });

  it('falls back to the shared connection when the session has none of its own', async () => {
    const s = sleepingServer();
    const up = s.api.wake('fs');
    s.finish();
    await up;
    const own = conn('fs-own');
    const c = createConnections({
      supervisor: s.api,
      settings: () => catalogSettings({ fs: { command: 'x', isolation: 'per-session' } }),
      openDedicated: (_server, sessionId) => (sessionId === 'known' ? Promise.resolve(own) : undefined),
    });
    await expect(c.connectionFor('fs', { client: 'c', sessionId: 'known' })).resolves.toBe(own);
    await expect(c.connectionFor('fs', { client: 'c', sessionId: 'gone' })).resolves.toEqual({
      server: 'fs',
    });
    await expect(c.connectionFor('fs', { client: 'c' })).resolves.toEqual({ server: 'fs' });
  });
});
