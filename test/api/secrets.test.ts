import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callTool, exportConfig, resetServerCircuit } from '../../src-shared/api/routes.js';
import { deleteSecret, listSecrets, setSecret } from '../../src-shared/api/secrets.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { rawRequest } from '../lib/http.js';
import { EVERYTHING, nodeServer } from '../lib/paths.js';

const VALUE = 'ghp_s3cr3t-value-that-must-not-leak';

describe('secrets through the control API', () => {
  let gw: Gateway;
  beforeAll(async () => {
    // No D-Bus session here, so the consented owner-only file stands in for the keychain
    // (the keychain itself is tested against a real Secret Service by test:keychain).
    gw = await startGateway(
      { everything: { ...nodeServer(EVERYTHING, 'stdio'), env: { GH_TOKEN: '${secret:gh-token}' } } },
      { secrets: { allowFileFallback: true } },
      { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' } },
    );
  });
  afterAll(async () => {
    await gw.close();
  });

  it('lists where secrets are kept and, at first, no names', async () => {
    const out = await gw.api.call(listSecrets);
    expect(out.store.available).toBe(true);
    expect(out.names).toEqual([]);
  });

  it('a server whose secret is missing fails with a message that says how to store it', async () => {
    await gw.waitFor(() => gw.engine.ctx.supervisor.get('everything')?.state === 'error', 'error state');
    expect(gw.engine.ctx.supervisor.get('everything')?.lastError ?? '').toMatch(
      /secret 'gh-token'.*mcp-gateway secrets set gh-token/,
    );
  });

  it('stores a secret, starts the server with it, and never returns the value', async () => {
    await gw.api.call(setSecret, { params: { name: 'gh-token' }, body: { value: VALUE } });
    const listed = await rawRequest(gw.url, {
      path: '/api/v1/secrets',
      headers: { authorization: `Bearer ${gw.token}` },
    });
    expect(listed.json()).toMatchObject({ names: ['gh-token'] });
    expect(listed.body).not.toContain(VALUE);

    await gw.api.call(resetServerCircuit, { params: { name: 'everything' } });
    await gw.waitFor(
      () => gw.engine.ctx.catalog.tools().some((t) => t.id === 'everything__get-env'),
      'the restarted server in the catalog',
    );
    const result = await gw.api.call(callTool, { body: { id: 'everything__get-env', arguments: {} } });
    expect(JSON.stringify(result)).toContain(VALUE);

    const exported = JSON.stringify(await gw.api.call(exportConfig));
    expect(exported).not.toContain(VALUE);
    expect(exported).toContain('${secret:gh-token}');
    expect(readFileSync(gw.configFile, 'utf8')).not.toContain(VALUE);
  });

  it('rejects bad names and unknown deletes with clear errors', async () => {
    await expect(
      gw.api.call(setSecret, { params: { name: '../etc' }, body: { value: 'x' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(gw.api.call(deleteSecret, { params: { name: 'nope' } })).rejects.toMatchObject({
      code: 'SECRET_NOT_FOUND',
    });
    await gw.api.call(deleteSecret, { params: { name: 'gh-token' } });
    expect((await gw.api.call(listSecrets)).names).toEqual([]);
  });
});
