import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as R from '../../src-shared/api/routes.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { MEMORY, nodeServer } from '../lib/paths.js';

/**
 * Configs people really have: NODE_OPTIONS with a heap size, NODE_EXTRA_CA_CERTS behind a
 * TLS-inspecting proxy. Refused until allowed for that server, then a real child starts with them.
 */
describe('allowing refused env keys per server', () => {
  let gw: Gateway;
  let caFile: string;

  beforeAll(async () => {
    gw = await startGateway({});
    caFile = path.join(gw.dir, 'corp-ca.pem');
    writeFileSync(caFile, tls.rootCertificates[0] ?? '');
    await gw.api.call(R.addServer, {
      body: {
        name: 'mem',
        config: {
          ...nodeServer(MEMORY),
          env: { NODE_OPTIONS: '--max-old-space-size=128', NODE_EXTRA_CA_CERTS: caFile },
        },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const state = async () => (await gw.api.call(R.listServers)).servers.find((s) => s.name === 'mem');

  it('refuses both keys in one error that says how to allow them, and offers them', async () => {
    await gw.waitFor(() => gw.engine.ctx.supervisor.get('mem')?.state === 'error', 'mem refused');
    const s = await state();
    expect(s?.lastError).toContain("env keys 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS' are refused");
    expect(s?.lastError).toContain('add "allow": ["NODE_OPTIONS", "NODE_EXTRA_CA_CERTS"] to mcpServers.mem');
    expect(s?.lastError).toContain('mcp-gateway servers allow mem NODE_OPTIONS NODE_EXTRA_CA_CERTS');
    expect(s?.canAllow).toEqual(['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']);
  });

  it('starts the real child with them once allowed, and writes the allow list to the config', async () => {
    const after = await gw.api.call(R.allowServerKeys, {
      params: { name: 'mem' },
      body: { keys: ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'] },
    });
    expect(after.name).toBe('mem');
    await gw.waitFor(() => gw.engine.ctx.supervisor.get('mem')?.state === 'running', 'mem running');
    const s = await state();
    expect(s?.canAllow).toBeUndefined();
    const pid = gw.engine.ctx.supervisor.get('mem')?.pid;
    expect(pid).toBeDefined();
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain('NODE_OPTIONS=--max-old-space-size=128');
    expect(environ).toContain(`NODE_EXTRA_CA_CERTS=${caFile}`);
    const file = JSON.parse(readFileSync(gw.configFile, 'utf8')) as {
      mcpServers: Record<string, { allow?: string[] }>;
    };
    expect(file.mcpServers.mem?.allow).toEqual(['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']);
    // Allowing again changes nothing.
    await gw.api.call(R.allowServerKeys, { params: { name: 'mem' }, body: { keys: ['node_options'] } });
    const again = JSON.parse(readFileSync(gw.configFile, 'utf8')) as typeof file;
    expect(again.mcpServers.mem?.allow).toEqual(['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS']);
  });

  it('rejects what is neither an env key nor an option', async () => {
    await expect(
      gw.api.call(R.allowServerKeys, { params: { name: 'mem' }, body: { keys: ['rm -rf'] } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
