import { spawn } from 'node:child_process';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../lib/gateway.js';
import { EVERYTHING, nodeServer, ROOT } from '../lib/paths.js';

const REGISTER = path.join(ROOT, 'test/supervisor/ts-register.mjs');
const BRIDGE = path.join(ROOT, 'test/proxy/bridge-main.ts');

let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({ everything: nodeServer(EVERYTHING) });
  await gw.ready(['everything']);
});

afterAll(async () => {
  await gw?.close();
});

describe('mcp-gateway stdio bridge', () => {
  it('carries a full session: list, call, progress, sampling; exits when stdin ends', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', REGISTER, BRIDGE, gw.mcpUrl],
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const client = new Client({ name: 'bridged', version: '1.0.0' }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: 'assistant',
      model: 'm',
      content: { type: 'text', text: 'via bridge' },
    }));
    await client.connect(transport);
    const pid = transport.pid;
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('everything__echo');
      const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'bridged' } });
      expect(echo.content).toEqual([{ type: 'text', text: 'Echo: bridged' }]);
      const progress: number[] = [];
      await client.callTool(
        { name: 'everything__trigger-long-running-operation', arguments: { duration: 1, steps: 3 } },
        undefined,
        {
          onprogress: (p) => progress.push(p.progress),
        },
      );
      expect(progress.length).toBeGreaterThanOrEqual(1);
      const sampled = await client.callTool({
        name: 'everything__trigger-sampling-request',
        arguments: { prompt: 'x', maxTokens: 5 },
      });
      expect(JSON.stringify(sampled.content)).toContain('via bridge');
      expect(gw.engine.ctx.sessions.list().some((s) => s.clientName === 'bridged')).toBe(true);
    } finally {
      await client.close();
    }
    // Closing stdin ends the bridge, which ends its gateway session.
    expect(pid).toBeDefined();
    for (let i = 0; i < 100 && gw.engine.ctx.sessions.list().some((s) => s.clientName === 'bridged'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(gw.engine.ctx.sessions.list().some((s) => s.clientName === 'bridged')).toBe(false);
    expect(stderr).not.toMatch(/error/i);
  });

  it('says clearly when no gateway is running', async () => {
    const child = spawn(process.execPath, ['--import', REGISTER, BRIDGE, 'http://127.0.0.1:9/mcp'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stdin.write(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      }) + '\n',
    );
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('no gateway at http://127.0.0.1:9/mcp');
    expect(stderr).toContain('mcp-gateway serve');
    expect(JSON.parse(stdout.trim())).toMatchObject({ id: 1, error: { code: -32603 } });
  });
});
