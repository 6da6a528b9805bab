import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { registerClientsCommand } from '../../src-main/cli/clients.js';
import { BRIDGE, place, type TempHome, tempHome } from './helpers.js';

let h: TempHome;
let out: string;
let desktopFile: string;
let original: Buffer;

async function run(...args: string[]): Promise<string> {
  out = '';
  const program = new Command('mcp-gateway').exitOverride();
  registerClientsCommand(program, {
    env: { HOME: h.home, MCP_GATEWAY_HOME: path.join(h.dataDir, 'gw') },
    platform: 'linux',
    bridgeCommand: BRIDGE,
    write: (s) => {
      out += s;
    },
  });
  await program.parseAsync(['node', 'mcp-gateway', 'clients', ...args]);
  return out;
}

beforeEach(async () => {
  h = await tempHome();
  desktopFile = path.join(h.home, '.config', 'Claude', 'claude_desktop_config.json');
  original = await place(desktopFile, 'claude-desktop/claude_desktop_config.json');
});
afterEach(async () => {
  await h.cleanup();
});

describe('mcp-gateway clients', () => {
  it('lists, imports into the config file, connects with a dry run first, and restores', async () => {
    const list = await run('list');
    expect(list).toContain('Claude Desktop\tclaude-desktop\t-\t-\t3\t' + desktopFile);
    expect(list).toContain('GITHUB_PERSONAL_ACCESS_TOKEN (env)');
    expect(list).not.toContain('ghp_');

    const dry = await run('import', '--all', '--dry-run');
    expect(dry).toContain('windows-tool');
    const configFile = path.join(h.dataDir, 'gw', 'config.json');
    await expect(readFile(configFile)).rejects.toMatchObject({ code: 'ENOENT' });

    const imported = await run('import', '--all', '--as', 'filesystem=files');
    expect(imported).toContain(`written to ${configFile}`);
    expect(imported).toContain('github holds secrets in plain text');
    const config = JSON.parse(await readFile(configFile, 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(Object.keys(config.mcpServers).sort()).toEqual(['files', 'github', 'windows-tool']);

    const diff = await run('connect', 'claude-desktop', '--remove-imported', '--dry-run');
    expect(diff).toContain('+    "mcp-gateway": {');
    expect(diff).toContain('-    "github": {');
    expect(diff).not.toContain('ghp_');
    expect(await readFile(desktopFile)).toEqual(original);

    const done = await run('connect', 'claude-desktop', '--remove-imported');
    expect(done).toContain(`updated ${desktopFile}`);
    expect(done).toContain('Quit Claude Desktop completely');
    const data = JSON.parse(await readFile(desktopFile, 'utf8')) as { mcpServers: Record<string, unknown> };
    // A new install requires client tokens: the bridge gets the path of the owner-only token file.
    const tokenFile = path.join(h.dataDir, 'gw', 'data', 'client-tokens', 'claude-desktop.token');
    expect(data.mcpServers).toEqual({
      'mcp-gateway': {
        command: BRIDGE.command,
        args: [...BRIDGE.args, '--url', 'http://127.0.0.1:7411/mcp', '--token-file', tokenFile],
      },
    });
    expect((await readFile(tokenFile, 'utf8')).trim()).toMatch(/^mcpgw_[A-Za-z0-9_-]{43}$/);

    expect(await run('connect', 'claude-desktop')).toContain('already connected');
    expect(await run('list')).toContain('Claude Desktop\tclaude-desktop\tyes');

    const backups = JSON.parse(await run('backups', '--json')) as { backups: Array<{ client: string }> };
    expect(backups.backups.map((b) => b.client)).toEqual(['claude-desktop']);

    expect(await run('restore', 'all')).toContain('restored');
    expect(await readFile(desktopFile)).toEqual(original);
  });

  it('explains what to do on bad input', async () => {
    await expect(run('import')).rejects.toThrow(/name the servers to import/);
    await expect(run('import', 'nope')).rejects.toThrow(/no server called "nope"/);
    await expect(run('connect', 'nope')).rejects.toThrow(/unknown client "nope"/);
    await expect(run('restore', 'nope')).rejects.toThrow(/neither a backup id/);
  });

  it('disconnect after a connect puts the original back', async () => {
    await run('connect', 'claude-desktop');
    const res = await run('disconnect', 'claude-desktop');
    expect(res).toContain('restored');
    expect(await readFile(desktopFile)).toEqual(original);
  });
});
