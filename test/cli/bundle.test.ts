import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cliEnv, runNode } from '../lib/cli.js';
import { MEMORY, ROOT } from '../lib/paths.js';

/**
 * The bundled CLI (scripts/bundle-cli.js, part of `npm run build`), built here into a folder of
 * its own inside dist/ so it runs exactly as bin/mcp-gateway.js runs dist/bundle: through the
 * launcher that keeps V8's code cache.
 */

const OUT = path.join(ROOT, 'dist', `.bundle-test-${process.pid}`);
const ENTRY = path.join(OUT, 'mcp-gateway.js');

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => runNode(args, env, 60_000);

beforeAll(async () => {
  const built = await run([path.join(ROOT, 'scripts', 'bundle-cli.js'), `--out=${OUT}`]);
  expect(built.code, built.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
});

describe('the bundled CLI', () => {
  it('prints the version and the serve help, with source maps beside it', async () => {
    expect(existsSync(path.join(OUT, 'mcp-gateway.cjs.map'))).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await run([ENTRY, '--version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
    const help = await run([ENTRY, 'serve', '--help']);
    expect(help.stdout).toContain('Usage: mcp-gateway serve');
  });

  it('starts from the code cache the build wrote, shrugs off a damaged one, and writes its own', async () => {
    const cacheDir = path.join(OUT, 'cache');
    // The build's warm-up start cached the serve path and the HTTP stack (the runs above have
    // already replaced the warm-up's cache of the entry with their own).
    const warm = readdirSync(cacheDir).filter((f) => f.endsWith('.warm.v8'));
    expect(warm.some((f) => f.startsWith('serve-'))).toBe(true);
    expect(warm.some((f) => f.startsWith('http-stack-'))).toBe(true);
    for (const f of readdirSync(cacheDir)) {
      writeFileSync(path.join(cacheDir, f), 'not a code cache');
    }
    const r = await run([ENTRY, '--version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    // A real start replaces the warm-up's cache of what it loaded with a full one.
    const after = readdirSync(cacheDir);
    const entryCache = after.find((f) => f.startsWith('mcp-gateway.cjs.') && !f.endsWith('.warm.v8'));
    expect(entryCache).toBeDefined();
    expect(readFileSync(path.join(cacheDir, entryCache as string)).length).toBeGreaterThan(100);
    expect(after.some((f) => f.startsWith('mcp-gateway.cjs.') && f.endsWith('.warm.v8'))).toBe(false);
  });

  it('serves the tools of its servers end to end and stops on SIGTERM', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-bundle-'));
    const configFile = path.join(home, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        gateway: { clientAuth: 'off' },
        mcpServers: { memory: { command: process.execPath, args: [MEMORY] } },
      }),
    );
    const child: ChildProcess = spawn(
      process.execPath,
      [ENTRY, 'serve', '--config', configFile, '--port', '0'],
      {
        env: cliEnv(home),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const client = new Client({ name: 'bundle-test', version: '1.0.0' });
    try {
      const runtime = path.join(home, 'data', 'gateway.json');
      for (let i = 0; i < 400 && !existsSync(runtime); i += 1) {
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(existsSync(runtime), output).toBe(true);
      const { url } = JSON.parse(readFileSync(runtime, 'utf8')) as { url: string };
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('memory__read_graph');
      expect(output).toContain('MCP Gateway');
    } finally {
      await client.close();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      rmSync(home, { recursive: true, force: true });
    }
  });
});
