import { describe, expect, it } from 'vitest';

import type { CatalogParts } from './catalog-parts.js';
import type { CatalogState } from './catalog-state.js';
import { createScopedRequests } from './scoped-requests.js';
import type { SessionPeer } from './sessions.js';

function setup() {
  const calls: string[] = [];
  let attached = true;
  const parts = {
    views: { others: () => ({ resourceOwner: new Map([['mem://a', 'fs']]), templateOwners: [] }) },
    store: { lists: new Map([['fs', {}]]), capabilities: () => ({ resources: {} }) },
    forwarder: {
      forward: (server: string, method: string) => {
        calls.push(`${method} → ${server}`);
        return Promise.resolve({});
      },
    },
    subscriptions: {
      subscribe: (session: string, server: string, uri: string) => {
        calls.push(`subscribe ${session} ${server} ${uri}`);
        return Promise.resolve();
      },
      unsubscribe: (session: string, server: string, uri: string) => {
        calls.push(`unsubscribe ${session} ${server} ${uri}`);
        return Promise.resolve();
      },
      dropSession: (id: string) => void calls.push(`subscriptions dropped ${id}`),
    },
    requests: { dropSession: (id: string) => void calls.push(`requests dropped ${id}`) },
    sessions: {
      attach: () => ({
        detach: () => {
          const was = attached;
          attached = false;
          return was;
        },
      }),
      closeBackends: (id: string) => void calls.push(`backends closed ${id}`),
    },
  } as unknown as CatalogParts;
  const state: CatalogState = { settings: { servers: new Map([['fs', {}]]) } as never, closed: false };
  return { calls, requests: createScopedRequests(state, parts) };
}

describe('scoped requests', () => {
  it('send a resource request and a subscription to the server that owns the URI', async () => {
    const { calls, requests } = setup();
    await requests.readResource({}, { uri: 'mem://a' }, {} as never);
    await requests.subscribe('s1', {}, 'mem://a');
    await requests.unsubscribe('s1', {}, 'mem://a');
    expect(calls).toEqual(['resources/read → fs', 'subscribe s1 fs mem://a', 'unsubscribe s1 fs mem://a']);
  });

  it('refuse a scope whose server is not configured', async () => {
    const { calls, requests } = setup();
    await expect(
      requests.readResource({ server: 'gone' }, { uri: 'mem://a' }, {} as never),
    ).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  it('drop what a session held when it ends, once', () => {
    const { calls, requests } = setup();
    const attachment = requests.attachSession({ id: 's1' } as SessionPeer);
    attachment.dispose();
    attachment.dispose();
    expect(calls).toEqual(['subscriptions dropped s1', 'requests dropped s1', 'backends closed s1']);
  });
});
