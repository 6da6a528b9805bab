/**
 * `npm start` and the Electron smoke test as a person runs them. Here there is no Electron
 * binary, so start must fall back to the headless gateway (printing why and the dashboard URL),
 * and the smoke test must say that it did not run rather than pass.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { detectStartMode } from '../../src-main/desktop/logic/start-mode.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const mode = detectStartMode(path.join(root, 'node_modules', 'electron'), process.env);
let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'mcpgw-start-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe.skipIf(mode.mode === 'desktop')('without a usable Electron', () => {
  it('npm start runs the headless gateway, prints the dashboard URL, and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, [path.join(root, 'scripts/start.js'), '--port', '0'], {
      cwd: root,
      env: { ...process.env, MCP_GATEWAY_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const check = () => {
          if (/http:\/\/127\.0\.0\.1:\d+\/ui\//.test(out)) {
            resolve();
          }
        };
        child.stdout.on('data', check);
        void exited.then(() => reject(new Error(`start exited early:\n${out}\n${err}`)));
      });
      expect(out).toMatch(
        /^Starting the gateway without its desktop shell: (the Electron binary is not installed|there is no display)/,
      );
      expect(err).not.toMatch(/\n\s+at /);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('the Electron smoke test reports that it did not run', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'e2e/electron/smoke.js')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stdout).toMatch(/^electron smoke: not run — (no Electron binary|no display)/);
    expect(r.status).toBe(0);
    const strict = spawnSync(process.execPath, [path.join(root, 'e2e/electron/smoke.js'), '--require'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(strict.status).toBe(1);
  });
});
