import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { GatewayTarget } from '../connection.js';
import { checkGateway } from './gateway-check.js';

function target(baseUrl: string, token: string | undefined): GatewayTarget {
  return {
    baseUrl,
    token,
    tokenFile: '/data/admin-token',
    runtime: undefined,
    source: 'explicit',
    dataDir: '/data',
  };
}

describe('checkGateway', () => {
  let server: http.Server;
  let base: string;
  beforeEach(async () => {
    // A control API that knows one token: health, then the servers list.
    server = http.createServer((req, res) => {
      req.resume();
      res.setHeader('content-type', 'application/json');
      if (req.headers.authorization !== 'Bearer right') {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'bad token' } }));
      } else if (req.url === '/api/v1/health') {
        res.end(
          JSON.stringify({
            ok: true,
            health: 'ok',
            version: '9.9.9',
            uptimeMs: 1,
            servers: 0,
            tools: 0,
            sessions: 0,
            states: {},
          }),
        );
      } else {
        res.end(JSON.stringify({ servers: [] }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('says the gateway has not run yet when there is no admin token', async () => {
    const found = await checkGateway(target(base, undefined));
    expect(found.running).toBe(false);
    expect(found.check).toMatchObject({
      status: 'info',
      message: expect.stringContaining('no admin token at /data/admin-token'),
    });
  });

  it('finds a running gateway with its version', async () => {
    const found = await checkGateway(target(base, 'right'));
    expect(found.check).toEqual({
      check: 'gateway',
      status: 'ok',
      message: `running at ${base} (version 9.9.9, ok)`,
    });
    expect(found.running).toBe(true);
  });

  it('warns when the gateway refuses, and tells "not running" apart', async () => {
    const refused = await checkGateway(target(base, 'wrong'));
    expect(refused.check.status).toBe('warn');
    expect(refused.check.message).toContain(`${base} answered:`);
    const closed = base;
    await new Promise((resolve) => server.close(resolve));
    server = http.createServer();
    const down = await checkGateway(target(closed, 'right'));
    expect(down.check).toMatchObject({ status: 'info', message: `not running at ${closed}` });
    expect(down.running).toBe(false);
  });
});
