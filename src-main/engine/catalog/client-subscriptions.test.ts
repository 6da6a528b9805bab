import type { Client } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { silentLogger } from '../telemetry/index.js';
import { clientSubscriptions } from './client-subscriptions.js';
import { createSubscribers } from './subscribers.js';
import type { SubscriptionDeps, SubscriptionEnv } from './subscription-env.js';

function setup(
  options: { isolated?: boolean; modern?: Client; listenAccepts?: boolean; refuse?: boolean } = {},
) {
  const sent: string[] = [];
  const relistens: string[] = [];
  const subscribers = createSubscribers(() => ({ dispose: () => undefined }));
  const env: SubscriptionEnv = {
    deps: {
      forward: (server: string, method: string, params: { uri: string }, ctx: { sessionId: string }) => {
        sent.push(`${method} ${server} ${params.uri} for ${ctx.sessionId}`);
        return options.refuse === true ? Promise.reject(new Error('refused')) : Promise.resolve({});
      },
      logger: silentLogger,
    } as unknown as SubscriptionDeps,
    subscribers,
    relisten: (server, _client, uri) => {
      relistens.push(
        `${server} ${subscribers.urisOf(server).join(',')}${uri === undefined ? '' : ` asks ${uri}`}`,
      );
      return Promise.resolve(options.listenAccepts ?? true);
    },
    isolated: () => options.isolated ?? false,
    modernShared: () => options.modern,
    asSession: (sessionId) => ({ client: 'c', sessionId }),
  };
  return { sent, relistens, subscribers, subs: clientSubscriptions(env) };
}

describe('client subscriptions', () => {
  it('subscribe a shared backend with the first subscriber and unsubscribe it with the last', async () => {
    const { sent, subs } = setup();
    await subs.subscribe('s1', 'fs', 'file:///a');
    await subs.subscribe('s2', 'fs', 'file:///a');
    await subs.unsubscribe('s1', 'fs', 'file:///a');
    await subs.unsubscribe('s1', 'fs', 'file:///a');
    await subs.unsubscribe('s2', 'fs', 'file:///a');
    expect(sent).toEqual([
      'resources/subscribe fs file:///a for s1',
      'resources/unsubscribe fs file:///a for s2',
    ]);
  });

  it('subscribe a per-session backend for every session, and forget a subscription its backend refused', async () => {
    const isolated = setup({ isolated: true });
    await isolated.subs.subscribe('s1', 'fs', 'file:///a');
    await isolated.subs.subscribe('s2', 'fs', 'file:///a');
    expect(isolated.sent).toHaveLength(2);
    const refused = setup({ refuse: true });
    await expect(refused.subs.subscribe('s1', 'fs', 'file:///a')).rejects.toThrow('refused');
    expect(refused.subscribers.urisOf('fs')).toEqual([]);
  });

  it('put a 2026-era backend’s URIs on its listen stream, refusing one the stream does not accept', async () => {
    const modern = {} as Client;
    const accepted = setup({ modern });
    await accepted.subs.subscribe('s1', 'fs', 'file:///a');
    await accepted.subs.unsubscribe('s1', 'fs', 'file:///a');
    expect(accepted.sent).toEqual([]);
    expect(accepted.relistens).toEqual(['fs file:///a asks file:///a', 'fs ']);
    const refused = setup({ modern, listenAccepts: false });
    await expect(refused.subs.subscribe('s1', 'fs', 'file:///b')).rejects.toThrow('does not offer updates');
    expect(refused.subscribers.urisOf('fs')).toEqual([]);
  });
});
