import { spawn } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { isProcessAlive } from '../../src-main/engine/backends/process-group.js';
import { fixture, nodeServer, ROOT } from '../lib/paths.js';
import { waitFor } from '../lib/wait.js';

interface Report {
  servers: Record<string, number>;
  grandchildren: number[];
}

/** Start a gateway process, wait for its report, then end it with `signal`. */
async function runGateway(signal: NodeJS.Signals): Promise<number[]> {
  const servers = {
    tree: nodeServer(fixture('servers/spawns-grandchild.mjs')),
    stubborn: nodeServer(fixture('servers/ignores-sigterm.mjs')),
  };
  const gateway = spawn(
    process.execPath,
    [
      '--import',
      './test/supervisor/ts-register.mjs',
      path.join('test/supervisor/gateway-process.ts'),
      JSON.stringify(servers),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  gateway.stdout.on('data', (c: Buffer) => (out += c.toString()));
  gateway.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((resolve) => gateway.once('exit', () => resolve()));
  try {
    const line = await waitFor(
      () => out.split('\n').find((l) => l.startsWith('{')),
      'the gateway report',
      1_200,
    );
    if (err.includes('Error')) {
      throw new Error(`the gateway process failed: ${err}`);
    }
    const report = JSON.parse(line) as Report;
    const pids = [...Object.values(report.servers), ...report.grandchildren];
    expect(pids).toHaveLength(3);
    for (const p of pids) {
      expect(isProcessAlive(p)).toBe(true);
    }
    gateway.kill(signal);
    await exited;
    return pids;
  } finally {
    if (gateway.exitCode === null && gateway.signalCode === null) {
      gateway.kill('SIGKILL');
      await exited;
    }
  }
}

describe('no orphans', () => {
  it('when the gateway is SIGKILLed, the watchdog kills every child group', async () => {
    const pids = await runGateway('SIGKILL');
    await waitFor(
      () => pids.every((p) => !isProcessAlive(p)),
      `children ${pids.join(', ')} to be killed`,
      100,
    );
  });

  it('when the gateway exits on a signal handler-less SIGTERM, nothing is left either', async () => {
    const pids = await runGateway('SIGTERM');
    await waitFor(
      () => pids.every((p) => !isProcessAlive(p)),
      `children ${pids.join(', ')} to be killed`,
      100,
    );
  });
});
