import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { loadSecrets } from '../security/index.js';
import { silentLogger } from '../telemetry/index.js';
import type { SignInRecord } from './record.js';
import { createRecordStore } from './record-store.js';

/** The records in the owner-only secrets file, as the keychain would hold them. */
describe('the sign-in records in the keychain', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-records-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const open = async () => {
    n += 1;
    const file = path.join(dir, `secrets-${n}.json`);
    const keychain = (await loadSecrets()).createFileSecretStore(file);
    const store = createRecordStore({ secrets: async () => keychain, log: silentLogger });
    const stored = (server: string) =>
      JSON.parse(
        (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)[`oauth.${server}`] ?? 'null',
      ) as SignInRecord | null;
    return { keychain, store, stored };
  };
  const signedIn = (token: string): SignInRecord => ({
    v: 1,
    serverUrl: 'https://mcp.example.com/mcp',
    tokens: { access_token: token, token_type: 'Bearer' },
    expiresAt: 5,
    obtainedAt: 1,
    client: { client_id: 'gw' },
  });

  it('hands the tokens only to the URL they were issued for', async () => {
    const { keychain, store } = await open();
    await keychain.set('oauth.docs', JSON.stringify(signedIn('a1')));
    expect((await store.recordFor('docs', 'https://mcp.example.com/mcp/'))?.tokens?.access_token).toBe('a1');
    expect(await store.recordFor('docs', 'https://other.example.com/mcp')).toBeUndefined();
    expect(store.cached('docs')?.tokens?.access_token).toBe('a1');
  });

  it('keeps the last write queued when writes overlap', async () => {
    const { store, stored } = await open();
    await Promise.all([store.save('docs', signedIn('a1')), store.save('docs', signedIn('a2'))]);
    expect(stored('docs')?.tokens?.access_token).toBe('a2');
    expect(store.cached('docs')?.tokens?.access_token).toBe('a2');
  });

  it('drops a token fetched before a sign-out, even one queued before it', async () => {
    const { store, stored } = await open();
    const generation = store.generation('docs');
    const first = store.save('docs', signedIn('a1'));
    // Queued behind the first write; the sign-out comes before its turn.
    const late = store.save('docs', signedIn('a2'), generation);
    store.nextGeneration('docs');
    await first;
    await expect(late).rejects.toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    await store.settled('docs');
    expect(stored('docs')?.tokens?.access_token).toBe('a1');
    await expect(store.save('docs', signedIn('a3'), generation)).rejects.toMatchObject({
      code: 'SIGN_IN_REQUIRED',
    });
    await store.save('docs', signedIn('a4'), store.generation('docs'));
    expect(stored('docs')?.tokens?.access_token).toBe('a4');
  });

  it('forgets the tokens with their expiry and DPoP key, and keeps the client registration', async () => {
    const { store, stored } = await open();
    const record: SignInRecord = { ...signedIn('a1'), dpop: { alg: 'ES256', jwk: { kty: 'EC' } } };
    await store.save('docs', record);
    await store.forgetTokens('docs', record);
    expect(stored('docs')).toEqual({
      v: 1,
      serverUrl: 'https://mcp.example.com/mcp',
      client: { client_id: 'gw' },
    });
  });
});
