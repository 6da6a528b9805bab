import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CliError } from '../output.js';
import { defaultBridge, readGatewayServers } from './setup.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mcpgw-clients-setup-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readGatewayServers', () => {
  it('gives the defaults when the gateway has no config file yet', async () => {
    const local = await readGatewayServers(path.join(dir, 'none.json'));
    expect(local).toEqual({ servers: {}, port: 7411, host: '127.0.0.1', clientAuth: 'required' });
  });

  it('reads the servers, the address and client auth from the config file', async () => {
    const file = path.join(dir, 'config.json');
    await writeFile(
      file,
      '{ "mcpServers": { "a": { "command": "x" } }, "gateway": { "port": 7500, "clientAuth": "off" } }',
    );
    const local = await readGatewayServers(file);
    expect(local).toEqual({
      servers: { a: { command: 'x' } },
      port: 7500,
      host: '127.0.0.1',
      clientAuth: 'off',
    });
  });

  it('refuses a broken config file, with its line and what to do', async () => {
    const file = path.join(dir, 'config.json');
    await writeFile(file, '{\n  "mcpServers": { "a": { "command": 5 } }\n}');
    const err = await readGatewayServers(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).toMatch(/has a problem at line 2: .* — fix it first$/);
  });
});

describe('defaultBridge', () => {
  it("runs this checkout's mcp-gateway script with this Node binary", () => {
    const bridge = defaultBridge();
    expect(bridge.command).toBe(process.execPath);
    expect(bridge.args[1]).toBe('stdio');
    expect(bridge.args[0]?.endsWith(path.join('bin', 'mcp-gateway.js'))).toBe(true);
    expect(existsSync(bridge.args[0] ?? '')).toBe(true);
  });
});
