import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { systemClock } from '../../src-main/engine/events.js';
import { createOAuthManager } from '../../src-main/engine/oauth/index.js';
import type { SecretStore } from '../../src-main/engine/security/index.js';
import { silentLogger } from '../../src-main/engine/telemetry/index.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { type OAuthFixture, startOAuthServer } from '../fixtures/servers/oauth-server.mjs';
import { waitFor } from '../lib/wait.js';

/**
 * Keychain writes are slow (a D-Bus or XPC round trip): a sign-out that comes while a new token
 * is being written must win, and the token must not be written after it.
 */

/** A secret store in memory whose next write waits until the test lets it go. */
function gatedStore() {
  const values = new Map<string, string>();
  let gate: Promise<void> | undefined;
  let open: () => void = () => undefined;
  let waiting = 0;
  let started = 0;
  const store: SecretStore = {
    kind: 'keychain',
    description: 'test keychain',
    available: async () => ({ ok: true }) as unknown as Awaited<ReturnType<SecretStore['available']>>,
    get: async (name) => values.get(name),
    async set(name, value) {
      started += 1;
      const g = gate;
      gate = undefined;
      if (g !== undefined) {
        waiting += 1;
        await g;
        waiting -= 1;
      }
      values.set(name, value);
    },
    delete: async (name) => values.delete(name),
    list: async () => [...values.keys()].sort(),
  };
  return {
    store,
    values,
    /** The next write waits for `release()`. */
    holdNextWrite() {
      gate = new Promise<void>((r) => (open = r));
    },
    release: () => open(),
    waiting: () => waiting,
    /** Writes begun so far, held or not. */
    started: () => started,
  };
}

let fx: OAuthFixture;
beforeAll(async () => {
  fx = await startOAuthServer({ registration: 'none' });
  fx.addClient({ client_id: 'robot', client_secret: 'robot-secret-1', redirect_uris: [] });
});
afterAll(async () => {
  await fx?.close();
});

describe('sign-in records in the keychain', () => {
  it('a sign-out during the write of a new token ends signed out, with that token revoked or forgotten', async () => {
    const keychain = gatedStore();
    const manager = createOAuthManager({
      secrets: async () => keychain.store,
      logger: silentLogger,
      clock: systemClock,
      redirectUrl: () => 'http://127.0.0.1:1/oauth/callback',
    });
    const config: ServerConfig = {
      url: fx.url,
      oauth: { grant: 'client_credentials', clientId: 'robot', clientSecret: 'robot-secret-1' },
    };
    keychain.holdNextWrite();
    const signIn = manager.startSignIn('robot', config).catch((e: unknown) => e);
    await waitFor(() => keychain.waiting() === 1, 'the token write to be under way');
    const signOut = manager.signOut('robot', config);
    // Give the sign-out time to write while the token's write is still held (a gateway that does
    // not queue its writes begins it at once; one that does begins it only after the release).
    await waitFor(() => keychain.started() >= 2, 'a second write', 20, 25).catch(() => undefined);
    keychain.release();
    await signIn;
    await signOut;
    const stored = JSON.parse(keychain.values.get('oauth.robot') ?? '{}') as Record<string, unknown>;
    expect(stored['signedOut']).toBe(true);
    expect(stored['tokens']).toBeUndefined();
    expect(manager.status('robot', config)?.signedIn).toBe(false);
    manager.close();
  });
});
