import { afterEach, describe, expect, it } from 'vitest';

import { createMemoryEraCache } from '../../src-main/engine/backends/era-cache.js';
import { openBackend } from '../../src-main/engine/backends/open-backend.js';
import { isProcessAlive, startProcessWatchdog } from '../../src-main/engine/backends/process-group.js';
import { MAX_LOG_LINE } from '../../src-main/engine/backends/stdio-transport.js';
import { silentLogger } from '../../src-main/engine/telemetry/logger.js';
import type { BackendConnection } from '../../src-main/engine/types.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { GatewayError } from '../../src-shared/errors.js';
import { EVERYTHING, fixture, nodeServer } from '../lib/paths.js';
import { waitFor } from '../lib/wait.js';

const open: BackendConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

function start(name: string, server: ServerConfig, lines: string[] = [], stopGraceMs = 300) {
  return openBackend(name, server, {
    hooks: { capabilities: () => ({}), prepare: () => undefined },
    logger: silentLogger,
    settings: { startTimeoutMs: 20_000, stopGraceMs },
    eraCache: createMemoryEraCache(),
    logSink: (stream, line) => lines.push(`${stream}: ${line}`),
  }).then((c) => {
    open.push(c);
    return c;
  });
}

async function refusal(p: Promise<unknown>): Promise<GatewayError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GatewayError);
  return err as GatewayError;
}

describe('stdio backends', () => {
  it('starts server-everything, pings it and lists its tools; stderr reaches the log', async () => {
    const lines: string[] = [];
    const conn = await start('everything', nodeServer(EVERYTHING), lines);
    expect(conn.transport).toBe('stdio');
    expect(conn.era).toBe('legacy');
    expect(conn.serverInfo?.name).toContain('everything');
    expect(conn.pid).toBeGreaterThan(0);
    await conn.client.ping();
    const { tools } = await conn.client.listTools();
    expect(tools.map((t) => t.name)).toContain('echo');
    await waitFor(() => lines.some((l) => l.startsWith('stderr: ')), 'a stderr line');
    expect(lines[0]).toMatch(/^gateway: spawned pid \d+/);
  });

  it('keeps working when stdout carries non-JSON noise, and logs the noise', async () => {
    const lines: string[] = [];
    const conn = await start('noisy', nodeServer(fixture('servers/noisy-stdout.mjs')), lines);
    const result = await conn.client.callTool({ name: 'echo', arguments: { text: 'still fine' } });
    expect(result.content).toEqual([{ type: 'text', text: 'still fine' }]);
    await waitFor(() => lines.includes('stdout: handled tools/call'), 'the noise line');
    expect(lines).toContain('stdout: Noisy server v1.0 starting...');
    const long = lines.find((l) => l.startsWith('stderr: xxx'));
    expect(long).toBe(`stderr: ${'x'.repeat(MAX_LOG_LINE)}… [${10_000 - MAX_LOG_LINE} more characters]`);
  });

  it('walks every page of a huge tool list', async () => {
    const conn = await start('huge', nodeServer(fixture('servers/huge-tool-list.mjs'), '1000', '100'));
    const { tools } = await conn.client.listTools();
    expect(tools).toHaveLength(1000);
    expect(tools[999]?.name).toBe('tool_0999');
  });

  it('refuses a hijacking env key before spawning anything', async () => {
    const err = await refusal(
      start('bad', { ...nodeServer(EVERYTHING), env: { NODE_OPTIONS: '--require /tmp/x.js' } }),
    );
    expect(err.code).toBe('ENV_KEY_REFUSED');
    expect(err.message).toContain("env key 'NODE_OPTIONS' is refused");
    expect(err.message).toContain('remove it from mcpServers.bad.env');
  });

  it('refuses interpreter injection arguments', async () => {
    const err = await refusal(
      start('bad', { command: process.execPath, args: ['--require', '/tmp/x.js', EVERYTHING] }),
    );
    expect(err.code).toBe('ARG_REFUSED');
  });

  it('says which command is missing and what to install', async () => {
    const err = await refusal(
      start('gh', { command: 'npx', args: ['-y', 'x'], env: { PATH: '/nonexistent' } }),
    );
    expect(err.code).toBe('COMMAND_NOT_FOUND');
    expect(err.message).toBe("command 'npx' not found on PATH — install Node.js or give an absolute path");
  });

  it('refuses a working folder that does not exist', async () => {
    const err = await refusal(start('lost', { ...nodeServer(EVERYTHING), cwd: '/no/such/folder' }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toBe(
      "mcpServers.lost.cwd '/no/such/folder' is not a folder — create it or fix the path",
    );
  });

  it('explains a server that exits at once with its exit code and stderr', async () => {
    const lines: string[] = [];
    const err = await refusal(start('dies', nodeServer(fixture('servers/exits-at-once.mjs')), lines));
    expect(err.code).toBe('BACKEND_UNREACHABLE');
    expect(err.message).toContain('fatal: EXAMPLE_API_KEY is not set');
    expect(lines).toContain(
      'gateway: process ' + lines.join('\n').match(/spawned pid (\d+)/)?.[1] + ' exited with code 3',
    );
  });

  it('SIGKILLs a server that ignores stdin close and SIGTERM', async () => {
    const lines: string[] = [];
    const conn = await start('stubborn', nodeServer(fixture('servers/ignores-sigterm.mjs')), lines, 200);
    const pid = conn.pid as number;
    await conn.close();
    expect(isProcessAlive(pid)).toBe(false);
    expect(lines).toContain('stderr: ignoring SIGTERM');
    expect(lines.some((l) => l.includes('ignored SIGTERM; sending SIGKILL'))).toBe(true);
    expect(lines).toContain(`gateway: process ${pid} killed by SIGKILL`);
    expect((await conn.closed).reason).toBe('stopped by the gateway');
  });

  it('stops the grandchildren with the process group', async () => {
    const lines: string[] = [];
    const watchdog = startProcessWatchdog();
    try {
      const conn = await openBackend('tree', nodeServer(fixture('servers/spawns-grandchild.mjs')), {
        hooks: { capabilities: () => ({}), prepare: () => undefined },
        logger: silentLogger,
        settings: { startTimeoutMs: 20_000, stopGraceMs: 300 },
        logSink: (stream, line) => lines.push(`${stream}: ${line}`),
        watchdog,
      });
      const grandchild = Number(
        await waitFor(() => lines.join('\n').match(/grandchild pid (\d+)/)?.[1], 'the grandchild pid'),
      );
      expect(watchdog.groups()).toEqual([conn.pid]);
      expect(isProcessAlive(grandchild)).toBe(true);
      await conn.close();
      await waitFor(() => !isProcessAlive(grandchild), 'the grandchild to die', 40);
      expect(watchdog.groups()).toEqual([]);
    } finally {
      await watchdog.stop();
    }
  });

  it('reports a crash through `closed` with the exit code', async () => {
    const conn = await start('crashy', nodeServer(fixture('servers/crash-after-n.mjs'), '1'));
    await conn.client.callTool({ name: 'echo', arguments: { text: 'x' } });
    expect((await conn.closed).reason).toBe('exited with code 1');
  });
});
