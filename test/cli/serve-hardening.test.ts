import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { BIN, cliEnv, expectCliBuilt, runCli } from '../lib/cli.js';
import { waitFor } from '../lib/wait.js';

let home: string | undefined;
let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) {
    child.kill('SIGKILL');
  }
  child = undefined;
  if (home !== undefined) {
    rmSync(home, { recursive: true, force: true });
  }
  home = undefined;
});

function startServe(extraNodeArgs: string[] = []) {
  home = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-serve-hard-'));
  const env = cliEnv(home);
  const c = spawn(process.execPath, [...extraNodeArgs, BIN, 'serve', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = c;
  const out = { stdout: '', stderr: '' };
  c.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString()));
  c.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((r) => c.on('exit', (code) => r(code)));
  return { env, out, exited, runtime: path.join(home, 'data', 'gateway.json'), home };
}

describe('mcp-gateway serve keeps serving through a stray error', () => {
  it('logs an unhandled rejection and an uncaught exception, and still answers', async () => {
    expectCliBuilt();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-trigger-'));
    const trigger = path.join(dir, 'go');
    // A preloaded module stands in for a bug anywhere in the process: once the test says so,
    // a promise rejects with nobody to catch it, and a timer callback throws.
    const preload = path.join(dir, 'stray.mjs');
    writeFileSync(
      preload,
      `import { existsSync } from 'node:fs';
const t = setInterval(() => {
  if (existsSync(${JSON.stringify(trigger)})) {
    clearInterval(t);
    void Promise.reject(new Error('injected rejection'));
    setTimeout(() => { throw new Error('injected throw'); }, 10);
  }
}, 20);
t.unref();
`,
    );
    try {
      const s = startServe(['--import', preload]);
      await waitFor(() => existsSync(s.runtime), 'the runtime file', 300);
      writeFileSync(trigger, '');
      await waitFor(() => s.out.stderr.includes('injected throw'), 'the log line of the throw', 300);
      expect(s.out.stderr).toMatch(/unhandled promise rejection.*injected rejection/);
      expect(s.out.stderr).toMatch(/uncaught exception.*injected throw/);
      expect(child?.exitCode).toBeNull();
      const status = await runCli(['status', '--json'], s.env);
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ ok: true });
      child?.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mcp-gateway serve whose stdout and stderr reader went away', () => {
  it('keeps serving, drops its log lines and still stops on SIGTERM', async () => {
    expectCliBuilt();
    home = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-serve-epipe-'));
    // A server that fails at once and is retried quickly: the gateway logs a line each time.
    writeFileSync(path.join(home, 'fails.mjs'), 'process.exit(3);\n');
    writeFileSync(
      path.join(home, 'config.json'),
      JSON.stringify({
        gateway: {
          port: 0,
          supervisor: { backoffInitialMs: 50, backoffMaxMs: 100, backoffJitter: 0, circuitMaxFailures: 1000 },
        },
        mcpServers: { broken: { command: process.execPath, args: [path.join(home, 'fails.mjs')] } },
      }),
    );
    const env = cliEnv(home);
    const c = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    let stderr = '';
    c.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => c.on('exit', (code) => r(code)));
    await waitFor(
      () => /server failed to start.*broken/.test(stderr),
      'a log line about the broken server',
      300,
    );
    await waitFor(() => existsSync(path.join(home!, 'data', 'gateway.json')), 'the runtime file', 300);
    const failures = async () => {
      const { url } = JSON.parse(readFileSync(path.join(home!, 'data', 'gateway.json'), 'utf8')) as {
        url: string;
      };
      const token = readFileSync(path.join(home!, 'data', 'admin-token'), 'utf8').trim();
      const res = await fetch(`${url}/api/v1/servers`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { servers: { name: string; failures: number }[] };
      return body.servers.find((s) => s.name === 'broken')?.failures ?? 0;
    };
    // The reader goes away, as when the process that started `serve` dies without a signal.
    c.stdout?.destroy();
    c.stderr?.destroy();
    const before = await failures();
    // Each of these failures wrote a line to the dead stderr; the gateway answers all the same.
    let now = before;
    for (let i = 0; i < 300 && now < before + 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      now = await failures();
    }
    expect(now).toBeGreaterThanOrEqual(before + 3);
    const status = await runCli(['status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    c.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
