import net from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import type { GatewayTarget } from '../connection.js';
import { checkPort, portFree } from './port-check.js';

const blockers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(blockers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function takenPort(): Promise<number> {
  const s = net.createServer();
  blockers.push(s);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as net.AddressInfo).port;
}

const TARGET = { baseUrl: 'http://127.0.0.1:7411', runtime: undefined } as GatewayTarget;

describe('checkPort', () => {
  it('is fine when the port is free', async () => {
    const port = await takenPort();
    await new Promise((r) => blockers.pop()?.close(r));
    expect(await portFree('127.0.0.1', port)).toBeUndefined();
    const [check] = await checkPort({ host: '127.0.0.1', port, running: false, target: TARGET });
    expect(check).toEqual({ check: 'port', status: 'ok', message: `port ${port} on 127.0.0.1 is free` });
  });

  it('fails a port another program holds, suggesting the next one', async () => {
    const port = await takenPort();
    const [check] = await checkPort({ host: '127.0.0.1', port, running: false, target: TARGET });
    expect(check).toMatchObject({
      status: 'fail',
      message: `port ${port} on 127.0.0.1 is in use by another program`,
    });
    expect(check?.fix).toContain(`--port ${port + 1}`);
    const [withGateway] = await checkPort({ host: '127.0.0.1', port, running: true, target: TARGET });
    expect(withGateway?.status).toBe('info');
  });

  it("knows this gateway's own port", async () => {
    const target = { ...TARGET, runtime: { port: 7411 } } as GatewayTarget;
    const [check] = await checkPort({ host: '127.0.0.1', port: 7411, running: true, target });
    expect(check).toEqual({ check: 'port', status: 'ok', message: 'port 7411 is used by this gateway' });
  });

  it('fails an address this machine cannot listen on', async () => {
    const [check] = await checkPort({ host: '192.0.2.1', port: 7411, running: false, target: TARGET });
    expect(check).toMatchObject({
      status: 'fail',
      fix: 'use a port above 1024 and a host of this machine (127.0.0.1)',
    });
  });
});
