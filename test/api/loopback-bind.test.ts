import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createEngine, type Engine } from '../../src-main/engine/engine.js';
import { silentLogger } from '../../src-main/engine/telemetry/logger.js';

/** A gateway bound to another loopback address answers requests that name that address. */
let engine: Engine;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-loopback-'));
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ gateway: { clientAuth: 'off' }, mcpServers: {} }));
  engine = await createEngine({
    paths: { configFile, dataDir: path.join(dir, 'data') },
    host: '127.0.0.2',
    port: 0,
    logger: silentLogger,
    watchConfig: false,
    writeRuntimeFile: false,
  });
});

afterAll(async () => {
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

const initialize = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    }),
  });

describe('a bind to 127.0.0.2', () => {
  it('serves requests whose Host is that address', async () => {
    expect(engine.mcpUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/mcp$/);
    const res = await initialize(engine.mcpUrl);
    await res.body?.cancel();
    expect(res.status).toBe(200);
  });

  it('still refuses a foreign Host, and names the address to use', async () => {
    const url = new URL(engine.mcpUrl);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: '/mcp',
          method: 'GET',
          headers: { host: 'rebind.example' },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect(body).toContain('http://127.0.0.2:');
  });
});
