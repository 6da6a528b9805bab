import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runDoctor } from '../../src-main/cli/doctor.js';
import { getServer, listServers, sleepServer, wakeServer } from '../../src-shared/api/routes.js';
import { cliEnv, expectCliBuilt, runCli } from '../lib/cli.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { MEMORY, nodeServer } from '../lib/paths.js';

/**
 * Sleeping servers through the control API, the built CLI (`npx tsc -b` first) and `doctor`,
 * against a real gateway running the memory server from npm.
 */

describe('sleeping servers: API, CLI and doctor', () => {
  let gw: Gateway;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    expectCliBuilt();
    gw = await startGateway(
      { mem: nodeServer(MEMORY), awake: { ...nodeServer(MEMORY), keepAwake: true } },
      {},
      { writeRuntimeFile: true },
    );
    env = cliEnv(gw.dir);
    await gw.waitFor(() => gw.engine.ctx.catalog.tools().some((t) => t.server === 'mem'), 'mem tools');
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('puts a server to sleep and wakes it through the API, with its reason and footprint', async () => {
    const asleep = await gw.api.call(sleepServer, { params: { name: 'mem' } });
    expect(asleep).toMatchObject({
      state: 'sleeping',
      reason: 'put to sleep through the API',
      sleepAfterMs: 600_000,
    });
    if (process.platform === 'linux') {
      expect(asleep.footprintBytes).toBeGreaterThan(1_000_000);
    }
    // Its tools stay listed while it sleeps.
    expect((await gw.api.call(getServer, { params: { name: 'mem' } })).tools).toBeGreaterThan(0);
    const refused = await gw.api.call(sleepServer, { params: { name: 'awake' } }).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('cannot sleep now: keepAwake is set');
    const awake = await gw.api.call(wakeServer, { params: { name: 'mem' } });
    expect(awake).toMatchObject({ state: 'running' });
    expect(gw.engine.ctx.supervisor.get('mem')?.reason).toMatch(/^connected/);
    const list = (await gw.api.call(listServers)).servers;
    expect(list.find((s) => s.name === 'awake')?.sleepBlockers).toEqual(['keepAwake is set']);
  });

  it('`servers sleep|wake` and `status` show sleeping servers and what they save', async () => {
    const slept = await run('servers', 'sleep', 'mem');
    expect(slept.code, slept.stderr).toBe(0);
    expect(slept.stdout).toBe("put to sleep 'mem' (now sleeping)\n");
    const status = await run('status');
    expect(status.stdout).toMatch(/^1 running · 1 sleeping(, saving [\d.]+ MiB)?$/m);
    expect(status.stdout).toMatch(/│ mem\s+│ sleeping\s+│/);
    const get = await run('servers', 'get', 'mem');
    expect(get.stdout).toContain('sleep        after 10m 0s idle');
    if (process.platform === 'linux') {
      expect(get.stdout).toMatch(/memory saved [\d.]+ MiB/);
    }
    const woke = await run('servers', 'wake', 'mem');
    expect(woke.stdout).toBe("woke 'mem' (now running)\n");
    const getAwake = await run('servers', 'get', 'awake');
    expect(getAwake.stdout).toContain('sleep        does not sleep: keepAwake is set');
  });

  it('doctor says which servers never sleep and why', async () => {
    const checks = await runDoctor({ config: gw.configFile, keychain: false, env });
    const awake = checks.find((c) => c.check === 'server awake' && c.message.includes('sleep'));
    expect(awake).toMatchObject({ status: 'info', message: 'never sleeps when idle: keepAwake is set' });
    expect(awake?.fix).toContain('remove "mcpServers.awake.keepAwake"');
    expect(checks.some((c) => c.check === 'server mem' && c.message.includes('sleep'))).toBe(false);
  });
});
