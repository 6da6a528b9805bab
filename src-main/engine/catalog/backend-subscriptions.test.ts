import type { Client } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { silentLogger } from '../telemetry/index.js';
import type { BackendConnection, SupervisorApi } from '../types.js';
import { backendSubscriptions } from './backend-subscriptions.js';
import { createSubscribers } from './subscribers.js';
import type { SubscriptionDeps, SubscriptionEnv } from './subscription-env.js';

function setup(era: 'legacy' | 'modern', dedicated?: string) {
  const requests: string[] = [];
  const notified: string[] = [];
  const relistens: string[] = [];
  const client = {
    request: (r: { method: string; params: { uri: string } }) => {
      requests.push(`${r.method} ${r.params.uri}`);
      return Promise.resolve({});
    },
  } as unknown as Client;
  const conn = { client, era } as BackendConnection;
  const subscribers = createSubscribers(() => ({ dispose: () => undefined }));
  const env = {
    deps: {
      supervisor: { connection: () => conn } as unknown as SupervisorApi,
      sessionOf: () => dedicated,
      peer: (id: string) => ({ notify: (method: string) => void notified.push(`${id} ${method}`) }),
      logger: silentLogger,
    } as unknown as SubscriptionDeps,
    subscribers,
    relisten: (server: string) => {
      relistens.push(`${server} ${subscribers.urisOf(server).join(',')}`);
      return Promise.resolve(true);
    },
  } as unknown as SubscriptionEnv;
  return { client, conn, subscribers, requests, notified, relistens, side: backendSubscriptions(env) };
}

describe('backend subscriptions', () => {
  it('send an update to the sessions subscribed to its URI, or to the one session of a dedicated backend', () => {
    const shared = setup('legacy');
    shared.subscribers.add('fs', 'file:///a', 's1');
    shared.subscribers.add('fs', 'file:///a', 's2');
    shared.subscribers.add('fs', 'file:///b', 's3');
    shared.side.updated('fs', shared.client, { uri: 'file:///a' });
    expect(shared.notified).toEqual([
      's1 notifications/resources/updated',
      's2 notifications/resources/updated',
    ]);
    const dedicated = setup('legacy', 's2');
    dedicated.subscribers.add('fs', 'file:///a', 's1');
    dedicated.subscribers.add('fs', 'file:///a', 's2');
    dedicated.side.updated('fs', dedicated.client, { uri: 'file:///a' });
    expect(dedicated.notified).toEqual(['s2 notifications/resources/updated']);
  });

  it('subscribe a fresh legacy connection again to every URI held, and unsubscribe what only a gone session held', () => {
    const s = setup('legacy');
    s.subscribers.add('fs', 'file:///a', 's1');
    s.subscribers.add('fs', 'file:///b', 's2');
    s.side.renew('fs', s.conn);
    expect(s.requests).toEqual(['resources/subscribe file:///a', 'resources/subscribe file:///b']);
    s.side.dropSession('s1');
    expect(s.requests.at(-1)).toBe('resources/unsubscribe file:///a');
  });

  it('reopen a 2026-era backend’s listen stream instead', () => {
    const s = setup('modern');
    s.subscribers.add('fs', 'file:///a', 's1');
    s.side.renew('fs', s.conn);
    s.side.dropSession('s1');
    expect(s.relistens).toEqual(['fs file:///a', 'fs ']);
    expect(s.requests).toEqual([]);
  });
});
