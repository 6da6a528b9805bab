import { spawn } from 'node:child_process';
import { lstat, mkdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { parseConfigText } from '../../src-main/engine/clients/formats/index.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { GATEWAY_URL, manager, place, type TempHome, tempHome } from './helpers.js';

let h: TempHome;
beforeEach(async () => {
  h = await tempHome();
});
afterEach(async () => {
  await h.cleanup();
});

const desktopFile = (): string => path.join(h.home, '.config', 'Claude', 'claude_desktop_config.json');
const cursorFile = (): string => path.join(h.home, '.cursor', 'mcp.json');

function json(text: string): Record<string, Record<string, unknown>> {
  return parseConfigText('jsonc', text) as Record<string, Record<string, unknown>>;
}

/** Run a real child process that edits the file, and wait for it to finish. */
function otherProcessEdits(file: string): Promise<void> {
  const script = `
    const fs = require('node:fs');
    const f = process.argv[1];
    const data = JSON.parse(fs.readFileSync(f, 'utf8'));
    data.mcpServers['added-by-other-app'] = { command: 'other', args: ['--flag'] };
    fs.writeFileSync(f, JSON.stringify(data, null, 2) + '\\n');
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, file], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`editor exited with ${code}`))));
  });
}

describe('files that must not be written', () => {
  it('reports an unparseable file with line and column and never writes it', async () => {
    const file = desktopFile();
    const original = await place(file, 'claude-desktop/bad.json');
    const before = await stat(file);
    const m = manager(h);
    const found = await m.detect();
    const report = found.clients.find((c) => c.id === 'claude-desktop')?.files.find((f) => f.file === file);
    expect(report?.problem?.line).toBe(5);
    expect(report?.problem?.column).toBe(3);
    await expect(m.connect('claude-desktop')).rejects.toMatchObject({ code: 'CLIENT_CONFIG_UNPARSEABLE' });
    await expect(m.preview('claude-desktop')).rejects.toThrow(/line 5, column 3/);
    expect(await readFile(file)).toEqual(original);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect(await m.backups()).toEqual([]);
  });

  it('reports a file that is not UTF-8 and leaves it alone', async () => {
    const file = cursorFile();
    await mkdir(path.dirname(file), { recursive: true });
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    await writeFile(file, bytes);
    const m = manager(h);
    const report = (await m.detect()).clients.find((c) => c.id === 'cursor')?.files[0];
    expect(report?.problem?.message).toMatch(/UTF-8/);
    await expect(m.connect('cursor')).rejects.toMatchObject({ code: 'CLIENT_CONFIG_UNPARSEABLE' });
    expect(await readFile(file)).toEqual(bytes);
  });

  it('refuses to take over an entry with our name that is not the gateway', async () => {
    const file = cursorFile();
    const original = await place(file, 'cursor/mcp.json');
    await writeFile(file, original.toString().replace('"remote-docs"', '"mcp-gateway"'));
    const m = manager(h);
    await expect(m.connect('cursor')).rejects.toMatchObject({ code: 'SERVER_EXISTS' });
  });

  it('says when a client is not installed', async () => {
    await expect(manager(h).connect('windsurf')).rejects.toMatchObject({ code: 'CLIENT_NOT_FOUND' });
    await expect(manager(h).connect('no-such-client')).rejects.toMatchObject({ code: 'CLIENT_NOT_FOUND' });
  });
});

describe('empty, missing and special files', () => {
  it('fills an empty file and restores it to zero bytes', async () => {
    const file = desktopFile();
    await place(file, 'claude-desktop/empty.json');
    const m = manager(h);
    await m.connect('claude-desktop');
    const data = json(await readFile(file, 'utf8'));
    expect(Object.keys(data.mcpServers ?? {})).toEqual(['mcp-gateway']);
    await m.restore('claude-desktop');
    expect((await readFile(file)).length).toBe(0);
  });

  it('creates a missing file in an installed client and deletes it again on restore', async () => {
    await mkdir(path.join(h.home, '.cursor'), { recursive: true });
    const m = manager(h);
    const plan = await m.preview('cursor');
    expect(plan.files[0]?.exists).toBe(false);
    expect(plan.files[0]?.diff).toContain('(new file)');
    await m.connect('cursor');
    expect(json(await readFile(cursorFile(), 'utf8')).mcpServers?.['mcp-gateway']).toEqual({
      url: GATEWAY_URL,
    });
    expect((await stat(cursorFile())).mode & 0o777).toBe(0o600);
    const backups = await m.backups();
    expect(backups[0]?.existed).toBe(false);
    await m.restore(backups[0]?.id ?? '');
    await expect(stat(cursorFile())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps a byte-order mark and the file mode', async () => {
    const file = cursorFile();
    await mkdir(path.dirname(file), { recursive: true });
    const original = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{\n  "mcpServers": {}\n}\n'),
    ]);
    await writeFile(file, original, { mode: 0o640 });
    const m = manager(h);
    await m.connect('cursor');
    const after = await readFile(file);
    expect([...after.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    await m.restore('all');
    expect(await readFile(file)).toEqual(original);
  });

  it('writes through a dotfile symlink and leaves the link in place', async () => {
    const real = path.join(h.home, 'dotfiles', 'cursor-mcp.json');
    const original = await place(real, 'cursor/mcp.json');
    await mkdir(path.join(h.home, '.cursor'), { recursive: true });
    await symlink(real, cursorFile());
    const m = manager(h);
    await m.connect('cursor');
    expect((await lstat(cursorFile())).isSymbolicLink()).toBe(true);
    expect(await readlink(cursorFile())).toBe(real);
    expect(json(await readFile(real, 'utf8')).mcpServers?.['mcp-gateway']).toEqual({ url: GATEWAY_URL });
    await m.restore('cursor');
    expect((await lstat(cursorFile())).isSymbolicLink()).toBe(true);
    expect(await readFile(real)).toEqual(original);
  });
});

describe('concurrent changes', () => {
  it('re-plans on top of a change another process made between our read and our write', async () => {
    const file = cursorFile();
    await place(file, 'cursor/mcp.json');
    let interfered = false;
    const m = manager(h, {
      beforeWrite: async (realPath) => {
        if (!interfered) {
          interfered = true;
          await otherProcessEdits(realPath);
        }
      },
    });
    const result = await m.connect('cursor');
    expect(result.replanned).toBe(1);
    const servers = json(await readFile(file, 'utf8')).mcpServers ?? {};
    expect(servers['added-by-other-app']).toEqual({ command: 'other', args: ['--flag'] });
    expect(servers['mcp-gateway']).toEqual({ url: GATEWAY_URL });
    expect(servers['server-00']).toBeDefined();
    // The backup holds what was on disk right before our first write: the other app's version.
    const backup = (await m.backups())[0];
    expect(backup).toBeDefined();
    const backed = await readFile(path.join(h.dataDir, 'backups', backup?.backupFile ?? ''), 'utf8');
    expect(backed).toContain('added-by-other-app');
  });

  it('gives up with CLIENT_CONFIG_CHANGED when the file never stops changing, overwriting nothing', async () => {
    const file = cursorFile();
    await place(file, 'cursor/mcp.json');
    let n = 0;
    const m = manager(h, {
      beforeWrite: async (realPath) => {
        n++;
        await writeFile(realPath, `{ "mcpServers": { "edit-${n}": { "command": "x" } } }\n`);
      },
    });
    await expect(m.connect('cursor')).rejects.toMatchObject({ code: 'CLIENT_CONFIG_CHANGED' });
    expect(await readFile(file, 'utf8')).toBe(`{ "mcpServers": { "edit-${n}": { "command": "x" } } }\n`);
  });
});

describe('import, remove imported servers, disconnect', () => {
  async function importAll(file: string, fixtureRel: string, client: string) {
    const original = await place(file, fixtureRel);
    const gateway: Record<string, ServerConfig> = {};
    const m = manager(h, {
      gatewayServers: () => gateway,
      addServers: async (entries) => {
        for (const e of entries) {
          gateway[e.name] = e.config;
        }
      },
    });
    const found = await m.detect();
    const ids = found.servers.filter((s) => s.sources.some((x) => x.client === client)).map((s) => s.id);
    await m.import({ ids });
    return { m, original, gateway };
  }

  it('moves servers into the gateway and puts everything back on disconnect', async () => {
    const file = desktopFile();
    const { m, original, gateway } = await importAll(
      file,
      'claude-desktop/claude_desktop_config.json',
      'claude-desktop',
    );
    expect(Object.keys(gateway).sort()).toEqual(['filesystem', 'github', 'windows-tool']);
    // `cmd /c` is unwrapped: the gateway runs Windows launchers itself.
    expect(gateway['windows-tool']?.command).toBe('npx');
    await m.connect('claude-desktop', { removeImported: true });
    const data = json(await readFile(file, 'utf8'));
    expect(Object.keys(data.mcpServers ?? {})).toEqual(['mcp-gateway']);
    expect(data.preferences).toEqual({ sidebarMode: 'task', coworkScheduledTasksEnabled: false });
    const result = await m.disconnect('claude-desktop');
    expect(result.files.map((f) => f.action)).toEqual(['restored']);
    expect(await readFile(file)).toEqual(original);
  });

  it('after a hand edit, disconnect removes only our entry and re-adds the removed servers', async () => {
    const file = desktopFile();
    const { m } = await importAll(file, 'claude-desktop/claude_desktop_config.json', 'claude-desktop');
    await m.connect('claude-desktop', { removeImported: true });
    const edited = (await readFile(file, 'utf8')).replace('"sidebarMode": "task"', '"sidebarMode": "chat"');
    await writeFile(file, edited);
    const result = await m.disconnect('claude-desktop');
    expect(result.files.map((f) => f.action)).toEqual(['edited']);
    const data = json(await readFile(file, 'utf8'));
    expect(Object.keys(data.mcpServers ?? {}).sort()).toEqual(['filesystem', 'github', 'windows-tool']);
    expect(data.preferences?.sidebarMode).toBe('chat');
    expect((await m.status()).find((s) => s.id === 'claude-desktop')?.connected).toBe(false);
    // A new connect starts a new backup cycle.
    await m.connect('claude-desktop');
    expect((await m.backups()).filter((b) => b.restoredAt === null)).toHaveLength(1);
  });

  it('removes imported servers from Claude Code local scope but never from a project .mcp.json', async () => {
    const project = path.join(h.home, 'work', 'app');
    const claudeJson = path.join(h.home, '.claude.json');
    await place(claudeJson, 'claude-code/claude.json', { __PROJECT__: project });
    const mcpJson = await place(path.join(project, '.mcp.json'), 'claude-code/project.mcp.json');
    await mkdir(path.join(h.home, '.claude'), { recursive: true });
    const gateway: Record<string, ServerConfig> = {};
    const m = manager(h, {
      gatewayServers: () => gateway,
      addServers: async (entries) => {
        for (const e of entries) {
          gateway[e.name] = e.config;
        }
      },
    });
    const report = (await m.detect()).clients.find((c) => c.id === 'claude-code');
    const scopes = report?.files.map((f) => [f.scope, f.servers.map((s) => s.name)]);
    expect(scopes).toEqual([
      ['user', ['sentry', 'filesystem']],
      ['local', ['local-db']],
      ['project', ['shared-api']],
    ]);
    const ids = report?.files.flatMap((f) => f.servers.map((s) => s.id)) ?? [];
    const imported = await m.import({ ids });
    expect(Object.keys(gateway).sort()).toEqual(['filesystem', 'local-db', 'sentry']);
    // Its URL is built from a variable, which the gateway's schema does not accept as a URL.
    expect(imported.skipped).toEqual([
      { id: expect.any(String), name: 'shared-api', reason: 'url must start with http:// or https://' },
    ]);
    await m.connect('claude-code', { removeImported: true });
    const data = json(await readFile(claudeJson, 'utf8'));
    expect(data.mcpServers).toEqual({ 'mcp-gateway': { type: 'http', url: GATEWAY_URL } });
    expect((data.projects?.[project] as { mcpServers: unknown }).mcpServers).toEqual({});
    expect(data.numStartups).toBe(42);
    expect(await readFile(path.join(project, '.mcp.json'))).toEqual(mcpJson);
  });

  it('updates an entry left from an earlier port', async () => {
    const file = cursorFile();
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      '{\n  "mcpServers": {\n    "mcp-gateway": { "url": "http://127.0.0.1:9999/mcp" }\n  }\n}\n',
    );
    const m = manager(h);
    expect((await m.status()).find((s) => s.id === 'cursor')?.connected).toBe(false);
    const plan = await m.preview('cursor');
    expect(plan.files[0]?.actions).toEqual([{ location: 'user', op: 'update-gateway', name: 'mcp-gateway' }]);
    await m.connect('cursor');
    expect(json(await readFile(file, 'utf8')).mcpServers?.['mcp-gateway']).toEqual({ url: GATEWAY_URL });
  });
});

describe('detect across clients', () => {
  it('merges the same server from several clients and shows name conflicts', async () => {
    await place(desktopFile(), 'claude-desktop/claude_desktop_config.json');
    const cursor = cursorFile();
    await mkdir(path.dirname(cursor), { recursive: true });
    await writeFile(
      cursor,
      JSON.stringify({
        mcpServers: {
          fs: {
            command: 'npx',
            args: [
              '-y',
              '@modelcontextprotocol/server-filesystem',
              '/Users/me/Desktop',
              '/Users/me/Downloads',
            ],
          },
          github: { url: 'https://api.githubcopilot.com/mcp/' },
        },
      }),
    );
    const m = manager(h, { seenClients: () => ['cursor-vscode'] });
    const found = await m.detect();
    const fs = found.servers.find((s) => s.config.args?.includes('@modelcontextprotocol/server-filesystem'));
    expect(fs?.sources.map((s) => `${s.client}:${s.name}`)).toEqual([
      'claude-desktop:filesystem',
      'cursor:fs',
    ]);
    expect(found.conflicts).toEqual([{ name: 'github', ids: expect.any(Array) }]);
    const names = found.servers
      .filter((s) => found.conflicts[0]?.ids.includes(s.id))
      .map((s) => s.suggestedName);
    expect(names).toEqual(['github', 'github-cursor']);
    const github = found.servers.find((s) => s.suggestedName === 'github');
    expect(github?.secrets).toEqual([{ field: 'env', key: 'GITHUB_PERSONAL_ACCESS_TOKEN', reason: 'name' }]);
    expect(found.clients.find((c) => c.id === 'cursor')?.seen).toBe(true);
    expect(found.clients.find((c) => c.id === 'claude-desktop')?.seen).toBe(false);
  });

  it('connects every VS Code profile and only the editors where Cline is installed', async () => {
    const user = path.join(h.home, '.config', 'Code', 'User');
    await place(path.join(user, 'mcp.json'), 'vscode/mcp.json');
    const profile = await place(path.join(user, 'profiles', '5a1b2c', 'mcp.json'), 'vscode/profile-mcp.json');
    const m = manager(h);
    await m.connect('vscode');
    const p = await readFile(path.join(user, 'profiles', '5a1b2c', 'mcp.json'), 'utf8');
    expect(p).toBe(
      profile
        .toString()
        .replace(
          '"servers": {}',
          '"servers": {\n\t\t"mcp-gateway": {\n\t\t\t"type": "http",\n\t\t\t"url": "http://127.0.0.1:7411/mcp"\n\t\t}\n\t}',
        ),
    );

    const cursorCline = path.join(
      h.home,
      '.config',
      'Cursor',
      'User',
      'globalStorage',
      'saoudrizwan.claude-dev',
    );
    await mkdir(cursorCline, { recursive: true });
    const plan = await m.preview('cline');
    expect(plan.files.map((f) => f.file)).toEqual([
      path.join(cursorCline, 'settings', 'cline_mcp_settings.json'),
    ]);
  });
});

describe('unparseable files in every format', () => {
  const cases = [
    {
      client: 'codex',
      rel: 'codex/bad.toml',
      file: () => path.join(h.home, '.codex', 'config.toml'),
      line: 7,
    },
    {
      client: 'goose',
      rel: 'goose/bad.yaml',
      file: () => path.join(h.home, '.config', 'goose', 'config.yaml'),
      line: 5,
    },
    {
      client: 'zed',
      rel: 'zed/bad.json',
      file: () => path.join(h.home, '.config', 'zed', 'settings.json'),
      line: 7,
    },
  ];
  it.each(cases)(
    '$client: reported with its position, never written',
    async ({ client, rel, file, line }) => {
      const f = file();
      const original = await place(f, rel);
      const mtime = (await stat(f)).mtimeMs;
      const m = manager(h);
      const report = (await m.detect()).clients.find((c) => c.id === client)?.files.find((x) => x.file === f);
      expect(report?.problem?.line).toBe(line);
      await expect(m.connect(client)).rejects.toMatchObject({ code: 'CLIENT_CONFIG_UNPARSEABLE' });
      await expect(m.disconnect(client)).resolves.toMatchObject({ files: [] });
      expect(await readFile(f)).toEqual(original);
      expect((await stat(f)).mtimeMs).toBe(mtime);
    },
  );
});

describe('two processes sharing one backup index', () => {
  it('keeps every record when two managers connect at the same time', async () => {
    await place(cursorFile(), 'cursor/mcp.json');
    await place(desktopFile(), 'claude-desktop/claude_desktop_config.json');
    await place(path.join(h.home, '.codeium', 'windsurf', 'mcp_config.json'), 'windsurf/mcp_config.json');
    const a = manager(h);
    const b = manager(h);
    await Promise.all([a.connect('cursor'), b.connect('claude-desktop'), b.connect('windsurf')]);
    expect((await a.backups()).map((r) => r.client).sort()).toEqual(['claude-desktop', 'cursor', 'windsurf']);
  });
});

describe('seen clients', () => {
  it('matches handshake names loosely, with prefixes where a client adds a suffix', async () => {
    const m = manager(h, {
      seenClients: () => ['Visual-Studio-Code', 'gemini-cli-mcp-client-github', 'claude-ai'],
    });
    const seen = (await m.status()).filter((s) => s.seen).map((s) => s.id);
    expect(seen.sort()).toEqual(['claude-desktop', 'gemini', 'vscode']);
  });
});
