import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createFileSecretStore } from '../../src-main/engine/security/secrets.js';
import { restartServer } from '../../src-shared/api/routes.js';
import { BIN, cliEnv, expectCliBuilt, runCli } from '../lib/cli.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { MEMORY, nodeServer } from '../lib/paths.js';

/**
 * The built `mcp-gateway` binary (run `npx tsc -b` first) against a real running gateway. The
 * CLI finds the gateway and its token through MCP_GATEWAY_HOME, like a user's shell would.
 */

describe('mcp-gateway CLI', () => {
  let gw: Gateway;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    expectCliBuilt();
    gw = await startGateway(
      { mem: { ...nodeServer(MEMORY), env: { SECRET: 'hunter2' } } },
      {},
      { writeRuntimeFile: true },
    );
    env = cliEnv(gw.dir);
    await gw.waitFor(() => gw.engine.ctx.catalog.tools().some((t) => t.server === 'mem'), 'mem tools');
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('prints help everywhere and exits 0', async () => {
    for (const args of [
      ['--help'],
      ['servers', '--help'],
      ['servers', 'add', '--help'],
      ['tools', 'call', '--help'],
    ]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: mcp-gateway');
    }
    const bad = await run('nonsense');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown command 'nonsense'");
  });

  it('exits 2 with a hint when no gateway is running', async () => {
    const r = await runCli(['status'], {
      ...env,
      MCP_GATEWAY_URL: 'http://127.0.0.1:1',
      MCP_GATEWAY_TOKEN: 'x',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'no gateway running at http://127.0.0.1:1 — start it with `mcp-gateway serve`',
    );
    const empty = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-cli-empty-'));
    try {
      const none = await runCli(['servers', 'list', '--url', 'http://127.0.0.1:1'], {
        ...env,
        MCP_GATEWAY_HOME: empty,
      });
      expect(none.code).toBe(2);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('status and servers list: table and --json', async () => {
    const table = await run('status');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`at ${gw.url}`);
    expect(table.stdout).toMatch(/mem\s*│\s*running/);

    const json = JSON.parse((await run('status', '--json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      url: gw.url,
      ok: true,
      health: 'ok',
      servers: [expect.objectContaining({ name: 'mem' })],
    });

    const list = JSON.parse((await run('servers', 'list', '--json')).stdout) as {
      name: string;
      state: string;
    }[];
    expect(list).toEqual([expect.objectContaining({ name: 'mem', state: 'running', transport: 'stdio' })]);
  });

  it('adds servers in `claude mcp add` style and manages them', async () => {
    const add = await run(
      'servers',
      'add',
      'mem2',
      '-e',
      'KEY=secret-value',
      '-e',
      'REF=${HOME}',
      '--',
      process.execPath,
      MEMORY,
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain("added 'mem2'");
    const file = JSON.parse(await readFile(gw.configFile, 'utf8')) as {
      mcpServers: Record<string, Record<string, unknown>>;
    };
    expect(file.mcpServers.mem2).toEqual({
      command: process.execPath,
      args: [MEMORY],
      env: { KEY: 'secret-value', REF: '${HOME}' },
    });

    const got = JSON.parse((await run('servers', 'get', 'mem2', '--json')).stdout) as {
      config: { env: Record<string, string> };
    };
    expect(got.config.env).toEqual({ KEY: '[redacted]', REF: '${HOME}' });

    const remote = await run(
      'servers',
      'add',
      'remote',
      '--url',
      'http://127.0.0.1:9/mcp',
      '--type',
      'http',
      '--header',
      'Authorization: Bearer ${secret:remote}',
      '--disabled',
      '--json',
    );
    expect(remote.code, remote.stderr).toBe(0);
    expect(JSON.parse(remote.stdout)).toMatchObject({
      name: 'remote',
      disabled: true,
      config: { headers: { Authorization: 'Bearer ${secret:remote}' } },
    });

    const noCommand = await run('servers', 'add', 'x');
    expect(noCommand.code).toBe(1);
    expect(noCommand.stderr).toContain('say how to start the server');
    const badEnv = await run('servers', 'add', 'x', '-e', 'NOEQUALS', '--', 'true');
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('KEY=VALUE');
    const dup = await run('servers', 'add', 'mem2', '--', 'true');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('SERVER_EXISTS');

    for (const verb of ['disable', 'enable', 'restart', 'reset']) {
      const r = await run('servers', verb, 'mem2');
      expect(r.code, `${verb}: ${r.stderr}`).toBe(0);
    }
    const json = JSON.parse((await run('servers', 'disable', 'mem2', '--json')).stdout) as {
      disabled: boolean;
    };
    expect(json.disabled).toBe(true);
    expect((await run('servers', 'remove', 'mem2')).stdout).toContain("removed 'mem2'");
    expect((await run('servers', 'rm', 'remote')).code).toBe(0);

    const missing = await run('servers', 'get', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("server 'nope' not found");
  });

  it('lists, toggles and calls tools', async () => {
    const list = JSON.parse((await run('tools', 'list', '--json', '--server', 'mem')).stdout) as {
      tools: { id: string; tokens: number }[];
      totals: { tools: number };
    };
    expect(list.tools.map((t) => t.id)).toContain('mem__read_graph');
    expect(list.totals.tools).toBe(list.tools.length);
    expect((await run('tools', 'list')).stdout).toMatch(/tools visible, \d+ of \d+ tokens/);

    expect((await run('tools', 'disable', 'mem', 'read_graph')).stdout).toContain('disabled mem/read_graph');
    const file = JSON.parse(await readFile(gw.configFile, 'utf8')) as {
      mcpServers: { mem: { tools?: unknown } };
    };
    expect(file.mcpServers.mem.tools).toEqual({ disabled: ['read_graph'] });
    expect((await run('tools', 'enable', 'mem', 'read_graph', '--json')).stdout).toContain('"enabled": true');

    const created = await run(
      'tools',
      'call',
      'create_entities',
      '--server',
      'mem',
      '--args',
      '{"entities":[{"name":"cli","entityType":"test","observations":[]}]}',
    );
    expect(created.code, created.stderr).toBe(0);
    const read = await run('tools', 'call', 'mem__read_graph');
    expect(read.code).toBe(0);
    expect(read.stdout).toContain('"cli"');
    const asJson = JSON.parse(
      (await run('tools', 'call', 'mem__search_nodes', 'query=cli', '--json')).stdout,
    ) as {
      isError: boolean;
      server: string;
    };
    expect(asJson).toMatchObject({ isError: false, server: 'mem' });
    const badArgs = await run('tools', 'call', 'mem__read_graph', '--args', '[1]');
    expect(badArgs.code).toBe(1);
    expect(badArgs.stderr).toContain('--args must be a JSON object');
  });

  it('shows logs, calls, sessions and the redacted config', async () => {
    const logs = await run('logs', 'mem', '-n', '5');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/running on stdio/i);
    const logJson = JSON.parse((await run('logs', 'mem', '--json')).stdout) as {
      seq: number;
      line: string;
    }[];
    expect(logJson.length).toBeGreaterThan(0);

    const calls = JSON.parse((await run('calls', '--json')).stdout) as { tool: string; client: string }[];
    expect(calls.map((c) => c.tool)).toContain('read_graph');
    expect((await run('calls')).stdout).toContain('read_graph');

    expect(JSON.parse((await run('sessions', '--json')).stdout)).toEqual([]);

    const exported = await run('config', 'export');
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toContain('hunter2');
    expect(JSON.parse(exported.stdout)).toMatchObject({
      mcpServers: { mem: { env: { SECRET: '[redacted]' } } },
    });
  });

  it('creates, edits, shows, renames and deletes profiles; a profile in use needs --move-to', async () => {
    const created = await run(
      'profiles',
      'create',
      'coding',
      '--servers',
      'mem',
      '--allow',
      'mem__read*',
      '--mode',
      'meta',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(
      /profile "coding": 1 of \d+ tools, \d+ of \d+ tokens, mode meta, servers mem/,
    );
    expect((await run('profiles', 'create', 'coding')).stderr).toContain(
      'there is a profile "coding" already',
    );
    expect((await run('profiles', 'create', 'x', '--servers', 'nope')).stderr).toContain(
      'no server named "nope"',
    );
    expect((await run('profiles', 'edit', 'coding', '--rate-limit', 'lots')).stderr).toContain(
      '--rate-limit is a whole number',
    );

    const edited = await run(
      'profiles',
      'edit',
      'coding',
      '--allow',
      'mem__read*',
      'mem__zzz*',
      '--clear',
      'mode',
    );
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain('note: allow "mem__zzz*" matches no tool');
    const file = JSON.parse(await readFile(gw.configFile, 'utf8')) as {
      gateway: { profiles: Record<string, unknown> };
    };
    expect(file.gateway.profiles['coding']).toEqual({ servers: ['mem'], allow: ['mem__read*', 'mem__zzz*'] });

    const shown = await run('profiles', 'show', 'coding');
    expect(shown.stdout).toContain('mem__read_graph');
    expect(shown.stdout).not.toContain('mem__create_entities');

    expect((await run('clients', 'tokens', 'create', 'cursor', '--profile', 'coding')).code).toBe(0);
    const renamed = await run('profiles', 'rename', 'coding', 'editor');
    expect(renamed.stdout).toContain('renamed "coding" to "editor"; cursor moved along');
    const refused = await run('profiles', 'delete', 'editor');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--move-to');
    const deleted = await run('profiles', 'delete', 'editor', '--move-to', 'default');
    expect(deleted.stdout).toContain('"cursor" now uses "default"');
    expect((await run('profiles', 'list')).stdout).not.toContain('editor');
    expect((await run('clients', 'tokens', 'revoke', 'cursor')).code).toBe(0);
  });

  it('follows a log with -f until interrupted', async () => {
    const child = spawn(process.execPath, [BIN, 'logs', 'mem', '-f', '-n', '1'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const lines = () => out.split('\n').filter(Boolean).length;
    try {
      for (let i = 0; i < 200 && lines() < 1; i += 1) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(lines()).toBe(1);
      // A restart writes new lines to the server's log; they arrive on the open stream.
      await gw.api.call(restartServer, { params: { name: 'mem' } });
      for (let i = 0; i < 200 && lines() < 2; i += 1) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(lines()).toBeGreaterThan(1);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('doctor reports a config problem with its line and how to fix it, and a missing command', async () => {
    const good = JSON.parse((await run('doctor', '--json', '--no-keychain')).stdout) as {
      ok: boolean;
      checks: { check: string; status: string }[];
    };
    expect(good.ok).toBe(true);
    expect(good.checks).toContainEqual(expect.objectContaining({ check: 'gateway', status: 'ok' }));
    expect(good.checks).toContainEqual(expect.objectContaining({ check: 'port', status: 'ok' }));

    const broken = path.join(gw.dir, 'broken.json');
    await writeFile(
      broken,
      '{\n  "mcpServers": {\n    "a": { "command": "definitely-not-a-command-xyz" },\n    "b": { "command": "node", "env": { "K": "${UNSET_VAR_XYZ}" } }\n  }\n}\n',
    );
    const r = await run('doctor', '--config', broken, '--json', '--no-keychain');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      checks: { check: string; status: string; message: string; fix?: string }[];
    };
    expect(out.ok).toBe(false);
    expect(out.checks).toContainEqual(
      expect.objectContaining({ check: 'server a', status: 'fail', fix: expect.any(String) }),
    );
    expect(out.checks).toContainEqual(
      expect.objectContaining({
        check: 'server b',
        status: 'fail',
        message: expect.stringContaining('UNSET_VAR_XYZ'),
      }),
    );

    await writeFile(broken, '{\n  "mcpServers": {\n    "a": { "command": 1 }\n  }\n}\n');
    const invalid = await run('doctor', '--config', broken, '--no-keychain', '--json');
    expect(invalid.code).toBe(1);
    const config = (
      JSON.parse(invalid.stdout) as { checks: { check: string; message: string }[] }
    ).checks.find((c) => c.check === 'config');
    expect(config?.message).toMatch(
      new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: mcpServers\\.a\\.command`),
    );
    const table = await run('doctor', '--config', broken, '--no-keychain');
    expect(table.code).toBe(1);
    expect(table.stdout).toContain('FAIL');
    expect(table.stdout).toContain('1 problem(s) found');
  });

  it('doctor names ${secret:NAME} references that are not stored', async () => {
    const store = createFileSecretStore(path.join(gw.dataDir, 'secrets.json'));
    await store.set('present', 'value');
    const file = path.join(gw.dir, 'with-secrets.json');
    await writeFile(
      file,
      JSON.stringify({
        gateway: { secrets: { allowFileFallback: true } },
        mcpServers: { s: { command: 'node', env: { A: '${secret:present}', B: '${secret:absent}' } } },
      }),
    );
    const r = await run('doctor', '--config', file, '--json');
    const out = JSON.parse(r.stdout) as {
      checks: { check: string; status: string; message: string; fix?: string }[];
    };
    expect(r.code).toBe(1);
    expect(out.checks).toContainEqual(
      expect.objectContaining({
        check: 'server s',
        status: 'fail',
        message: expect.stringContaining('${secret:absent}'),
        fix: expect.stringContaining('mcp-gateway secrets set absent'),
      }),
    );
  });

  it('prints shell completions', async () => {
    const bash = await run('completion', 'bash');
    expect(bash.stdout).toContain('complete -F _mcp_gateway mcp-gateway');
    expect(bash.stdout).toContain('servers) words="list');
    expect((await run('completion', 'zsh')).stdout).toContain('#compdef mcp-gateway');
    expect((await run('completion', 'fish')).stdout).toContain(
      "__fish_seen_subcommand_from servers' -a 'add'",
    );

    // bash completes sub-commands from the script and server names from the running gateway.
    const shimDir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-cli-shim-'));
    try {
      await writeFile(
        path.join(shimDir, 'mcp-gateway'),
        `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`,
        { mode: 0o755 },
      );
      const complete = (line: string) =>
        new Promise<string>((resolve, reject) => {
          const words = line.split(' ');
          const script = `${bash.stdout}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _mcp_gateway; echo "\${COMPREPLY[*]}"`;
          execFile(
            'bash',
            ['-c', script],
            { env: { ...env, PATH: `${shimDir}:${env.PATH ?? ''}` }, timeout: 20_000 },
            (err, out) => (err ? reject(err) : resolve(out.trim())),
          );
        });
      expect(await complete('mcp-gateway ser')).toBe('serve servers');
      expect((await complete('mcp-gateway servers ')).split(' ')).toEqual(
        expect.arrayContaining(['list', 'add', 'remove']),
      );
      expect(await complete('mcp-gateway servers restart ')).toBe('mem');
      expect(await complete('mcp-gateway logs m')).toBe('mem');
    } finally {
      rmSync(shimDir, { recursive: true, force: true });
    }

    const bad = await run('completion', 'tcsh');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('use bash, zsh or fish');
  });
});

describe('mcp-gateway serve', () => {
  it('starts, writes the runtime file the other commands use, and stops on SIGTERM', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-cli-serve-'));
    const env = cliEnv(home);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let banner = '';
    child.stdout.on('data', (d: Buffer) => (banner += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const runtime = path.join(home, 'data', 'gateway.json');
      for (let i = 0; i < 200 && !existsSync(runtime); i += 1) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(existsSync(runtime)).toBe(true);
      const status = await runCli(['status', '--json'], env);
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ ok: true, health: 'empty', servers: [] });
      // Not a terminal: the banner says where the admin token is, and never prints it.
      const adminToken = readFileSync(path.join(home, 'data', 'admin-token'), 'utf8').trim();
      expect(banner).toContain(path.join(home, 'data', 'admin-token'));
      expect(banner).toMatch(/Dashboard +http:\/\/127\.0\.0\.1:\d+\/ui\//);
      expect(banner).not.toContain(adminToken);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      rmSync(home, { recursive: true, force: true });
    }
  });
});
