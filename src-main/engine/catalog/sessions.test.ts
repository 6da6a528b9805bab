import type { Client } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { silentLogger as quiet } from '../telemetry/index.js';
import type { BackendConnection, SupervisorApi } from '../types.js';
import { createSessions, type SessionPeer } from './sessions.js';

/** A per-session connection that records what happens to it and can end on its own. */
function connection(server: string) {
  let end: (v: { reason: string }) => void = () => undefined;
  const log: string[] = [];
  const client = { sendRootsListChanged: async () => void log.push('roots') } as unknown as Client;
  const conn = {
    server,
    client,
    closed: new Promise<{ reason: string }>((r) => (end = r)),
    close: async () => {
      log.push('close');
      end({ reason: 'closed' });
    },
  } as unknown as BackendConnection;
  return { conn, log, exit: () => end({ reason: 'exited' }) };
}

/** A supervisor that only opens per-session connections, and remembers them. */
function supervisor() {
  const opened: { server: string; sessionId: string; c: ReturnType<typeof connection> }[] = [];
  const api = {
    openDedicated: async (server: string, sessionId: string) => {
      const c = connection(server);
      opened.push({ server, sessionId, c });
      return c.conn;
    },
  } as unknown as SupervisorApi;
  return { api, opened };
}

const peer = (id: string): SessionPeer => ({ id, clientName: 'test', notify: () => undefined });

describe('createSessions', () => {
  it('opens one connection per server and session, however many ask at once', async () => {
    const sup = supervisor();
    const sessions = createSessions({ supervisor: sup.api, logger: quiet });
    sessions.attach(peer('s1'));
    sessions.attach(peer('s2'));
    const [a, b, c] = await Promise.all([
      sessions.open('fs', 's1'),
      sessions.open('fs', 's1'),
      sessions.open('fs', 's2'),
    ]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(sup.opened.map((o) => o.sessionId)).toEqual(['s1', 's2']);
  });

  it('opens nothing for a session it does not know', () => {
    const sup = supervisor();
    const sessions = createSessions({ supervisor: sup.api, logger: quiet });
    expect(sessions.open('fs', 'nobody')).toBeUndefined();
    expect(sup.opened).toEqual([]);
  });

  it('opens a new connection after the last one ended on its own', async () => {
    const sup = supervisor();
    const sessions = createSessions({ supervisor: sup.api, logger: quiet });
    sessions.attach(peer('s1'));
    const first = await sessions.open('fs', 's1');
    sup.opened[0]?.c.exit();
    await first?.closed;
    await Promise.resolve();
    expect(await sessions.open('fs', 's1')).not.toBe(first);
    expect(sup.opened).toHaveLength(2);
  });

  it("closes one session's backends when it ends and tells only them of new roots", async () => {
    const sup = supervisor();
    const sessions = createSessions({ supervisor: sup.api, logger: quiet });
    sessions.attach(peer('s1'));
    sessions.attach(peer('s2'));
    const mine = await sessions.open('fs', 's1');
    await sessions.open('fs', 's2');
    sessions.dedicate(mine?.client as Client, 's1');
    expect(sessions.sessionOf(mine?.client as Client)).toBe('s1');
    sessions.rootsChanged('s1');
    sessions.closeBackends('s1');
    await new Promise((r) => setImmediate(r));
    expect(sup.opened[0]?.c.log).toEqual(['roots', 'close']);
    expect(sup.opened[1]?.c.log).toEqual([]);
    expect(sessions.sessionOf(mine?.client as Client)).toBeUndefined();
  });

  it('leaves a session registered by a newer peer with the same id in place', () => {
    const sessions = createSessions({ supervisor: supervisor().api, logger: quiet });
    const old = sessions.attach(peer('s1'));
    const newer = peer('s1');
    sessions.attach(newer);
    expect(old.detach()).toBe(false);
    expect(sessions.peer('s1')).toBe(newer);
  });

  it('closes every per-session backend on close', async () => {
    const sup = supervisor();
    const sessions = createSessions({ supervisor: sup.api, logger: quiet });
    sessions.attach(peer('s1'));
    await sessions.open('a', 's1');
    await sessions.open('b', 's1');
    await sessions.close();
    expect(sup.opened.map((o) => o.c.log)).toEqual([['close'], ['close']]);
    expect(sessions.peer('s1')).toBeUndefined();
  });
});
