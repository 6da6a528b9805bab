import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
