import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { diffChars } from 'diff';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  containerEntries,
  getContainer,
  parseConfigText,
} from '../../src-main/engine/clients/formats/index.js';
import type { ConfigFormat, ContainerKind } from '../../src-main/engine/clients/types.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { BRIDGE, GATEWAY_URL, manager, place, type TempHome, tempHome } from './helpers.js';

interface Case {
  title: string;
  client: string;
  platform?: 'linux' | 'darwin';
  env?: (h: TempHome) => Record<string, string>;
  file: (h: TempHome) => string;
  fixture: string;
  format: ConfigFormat;
  container: string[];
  kind?: ContainerKind;
  entry: unknown;
  /** Importable servers detected in this file. */
  servers: number;
  /** Folders that make the client count as installed. */
  dirs?: (h: TempHome) => string[];
}

const ENTRY = 'mcp-gateway';
const cfg = (h: TempHome, ...p: string[]): string => path.join(h.home, '.config', ...p);

const CASES: Case[] = [
  {
    title: 'Claude Desktop (Linux, 2-space JSON, preferences and unknown keys)',
    client: 'claude-desktop',
    file: (h) => cfg(h, 'Claude', 'claude_desktop_config.json'),
    fixture: 'claude-desktop/claude_desktop_config.json',
    format: 'json',
    container: ['mcpServers'],
    entry: { command: BRIDGE.command, args: [...BRIDGE.args, '--url', GATEWAY_URL] },
    servers: 3,
  },
  {
    title: 'Claude Desktop (macOS path, tabs and CRLF)',
    client: 'claude-desktop',
    platform: 'darwin',
    file: (h) => path.join(h.home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json'),
    fixture: 'claude-desktop/crlf-tabs.json',
    format: 'json',
    container: ['mcpServers'],
    entry: { command: BRIDGE.command, args: [...BRIDGE.args, '--url', GATEWAY_URL] },
    servers: 1,
  },
  {
    title: 'Claude Code (~/.claude.json app state)',
    client: 'claude-code',
    file: (h) => path.join(h.home, '.claude.json'),
    fixture: 'claude-code/claude.json',
    format: 'json',
    container: ['mcpServers'],
    entry: { type: 'http', url: GATEWAY_URL },
    servers: 2,
  },
  {
    title: 'Cursor (4 spaces, many servers)',
    client: 'cursor',
    file: (h) => path.join(h.home, '.cursor', 'mcp.json'),
    fixture: 'cursor/mcp.json',
    format: 'json',
    container: ['mcpServers'],
    entry: { url: GATEWAY_URL },
    servers: 13,
  },
  {
    title: 'VS Code (JSONC with comments, trailing commas, inputs)',
    client: 'vscode',
    file: (h) => cfg(h, 'Code', 'User', 'mcp.json'),
    fixture: 'vscode/mcp.json',
    format: 'jsonc',
    container: ['servers'],
    entry: { type: 'http', url: GATEWAY_URL },
    servers: 2,
  },
  {
    title: 'Windsurf (3 spaces, no final newline)',
    client: 'windsurf',
    file: (h) => path.join(h.home, '.codeium', 'windsurf', 'mcp_config.json'),
    fixture: 'windsurf/mcp_config.json',
    format: 'json',
    container: ['mcpServers'],
    entry: { serverUrl: GATEWAY_URL },
    servers: 2,
  },
  {
    title: 'Zed (settings.json with comments and old shapes)',
    client: 'zed',
    file: (h) => cfg(h, 'zed', 'settings.json'),
    fixture: 'zed/settings.json',
    format: 'jsonc',
    container: ['context_servers'],
    entry: { url: GATEWAY_URL },
    servers: 2,
  },
  {
    title: 'Cline in VS Code (tabs)',
    client: 'cline',
    file: (h) =>
      cfg(
        h,
        'Code',
        'User',
        'globalStorage',
        'saoudrizwan.claude-dev',
        'settings',
        'cline_mcp_settings.json',
      ),
    fixture: 'cline/cline_mcp_settings.json',
    format: 'json',
    container: ['mcpServers'],
    entry: { type: 'streamableHttp', url: GATEWAY_URL, disabled: false },
    servers: 2,
  },
  {
    title: 'Codex CLI (TOML with comments and profiles)',
    client: 'codex',
    file: (h) => path.join(h.home, '.codex', 'config.toml'),
    fixture: 'codex/config.toml',
    format: 'toml',
    container: ['mcp_servers'],
    entry: { url: GATEWAY_URL },
    servers: 2,
  },
  {
    title: 'Codex CLI (CODEX_HOME, CRLF)',
    client: 'codex',
    env: (h) => ({ CODEX_HOME: path.join(h.home, 'codex-home') }),
    file: (h) => path.join(h.home, 'codex-home', 'config.toml'),
    fixture: 'codex/crlf.toml',
    format: 'toml',
    container: ['mcp_servers'],
    entry: { url: GATEWAY_URL },
    servers: 1,
  },
  {
    title: 'Gemini CLI (comments, httpUrl)',
    client: 'gemini',
    file: (h) => path.join(h.home, '.gemini', 'settings.json'),
    fixture: 'gemini/settings.json',
    format: 'jsonc',
    container: ['mcpServers'],
    entry: { httpUrl: GATEWAY_URL },
    servers: 3,
  },
  {
    title: 'Continue (YAML list)',
    client: 'continue',
    file: (h) => path.join(h.home, '.continue', 'config.yaml'),
    fixture: 'continue/config.yaml',
    format: 'yaml',
    container: ['mcpServers'],
    kind: 'list',
    entry: { name: ENTRY, type: 'streamable-http', url: GATEWAY_URL },
    servers: 2,
  },
  {
    title: 'LM Studio (one-line JSON)',
    client: 'lm-studio',
    file: (h) => path.join(h.home, '.lmstudio', 'mcp.json'),
    fixture: 'lm-studio/mcp.json',
    format: 'json',
    container: ['mcpServers'],
    entry: { url: GATEWAY_URL },
    servers: 1,
  },
  {
    title: 'Goose (YAML extensions map)',
    client: 'goose',
    file: (h) => cfg(h, 'goose', 'config.yaml'),
    fixture: 'goose/config.yaml',
    format: 'yaml',
    container: ['extensions'],
    entry: {
      enabled: true,
      type: 'streamable_http',
      name: ENTRY,
      description: 'Every MCP server through the local MCP Gateway',
      uri: GATEWAY_URL,
      envs: {},
      env_keys: [],
      headers: {},
      timeout: 300,
    },
    servers: 2,
  },
];

/** Every original character is still there, in order: the change only inserts text. */
function onlyAdditions(before: string, after: string): void {
  const removed = diffChars(before, after).filter((p) => p.removed);
  expect(removed.map((p) => p.value)).toEqual([]);
}

function entriesOf(
  format: ConfigFormat,
  text: string,
  container: string[],
  kind: ContainerKind,
): Map<string, unknown> {
  return new Map(containerEntries(getContainer(parseConfigText(format, text), container), kind));
}

/** The parsed file with the gateway entry taken out, for comparing with the original. */
function withoutGateway(
  format: ConfigFormat,
  text: string,
  container: string[],
  kind: ContainerKind,
): unknown {
  const data = parseConfigText(format, text) as Record<string, unknown>;
  const c = getContainer(data, container);
  if (kind === 'list' && Array.isArray(c)) {
    const idx = c.findIndex((x: { name?: string }) => x.name === ENTRY);
    c.splice(idx, 1);
  } else if (c !== null && typeof c === 'object') {
    delete (c as Record<string, unknown>)[ENTRY];
  }
  return JSON.parse(JSON.stringify(data));
}

describe.each(CASES)('$title', (c) => {
  let h: TempHome;
  beforeEach(async () => {
    h = await tempHome();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('detects, imports, connects exactly once and restores the original bytes', async () => {
    const file = c.file(h);
    const original = await place(file, c.fixture);
    for (const d of c.dirs?.(h) ?? []) {
      await mkdir(d, { recursive: true });
    }
    const added: string[] = [];
    const m = manager(h, {
      env: { HOME: h.home, ...c.env?.(h) },
      platform: c.platform ?? 'linux',
      addServers: async (entries) => {
        added.push(...entries.map((e) => e.name));
      },
    });
    const kind = c.kind ?? 'map';

    const found = await m.detect();
    const report = found.clients.find((x) => x.id === c.client);
    expect(report?.installed).toBe(true);
    const fileReport = report?.files.find((f) => f.file === file);
    expect(fileReport?.problem).toBeUndefined();
    expect(fileReport?.servers.filter((s) => s.config !== undefined)).toHaveLength(c.servers);
    expect(report?.connected).toBe(false);

    const ids = fileReport?.servers.filter((s) => s.config !== undefined).map((s) => s.id) ?? [];
    const imported = await m.import({ ids });
    expect(imported.added).toHaveLength(new Set(ids).size);
    expect(added).toHaveLength(imported.added.length);

    const plan = await m.preview(c.client);
    expect(plan.changed).toBe(true);
    const fp = plan.files.find((f) => f.file === file);
    expect(fp?.diff).toContain('127.0.0.1:7411/mcp');
    // Preview writes nothing.
    expect(await readFile(file)).toEqual(original);

    const result = await m.connect(c.client);
    expect(result.files.find((f) => f.file === file)?.changed).toBe(true);
    const after = await readFile(file, 'utf8');
    expect(after).toBe(fp?.after);
    const before = original.toString('utf8');

    expect(entriesOf(c.format, after, c.container, kind).get(ENTRY)).toEqual(c.entry);
    expect(withoutGateway(c.format, after, c.container, kind)).toEqual(
      JSON.parse(JSON.stringify(parseConfigText(c.format, before))),
    );
    onlyAdditions(before, after);
    if (before.includes('\r\n')) {
      expect(after.replace(/\r\n/g, '')).not.toMatch(/\n/);
    }

    expect((await m.status()).find((s) => s.id === c.client)?.connected).toBe(true);
    const backups = await m.backups();
    expect(backups).toHaveLength(1);
    expect(backups[0]?.path).toBe(file);

    // Idempotent: a second connect changes nothing, byte for byte.
    const again = await m.connect(c.client);
    expect(again.files.every((f) => !f.changed)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(after);

    const restored = await m.restore(c.client);
    expect(restored.restored.map((r) => r.result)).toEqual(['restored']);
    expect(await readFile(file)).toEqual(original);
    expect((await stat(file)).isFile()).toBe(true);
  });
  it('moves servers into the gateway, is idempotent, and after a foreign edit disconnect puts every server back', async () => {
    const file = c.file(h);
    const original = await place(file, c.fixture);
    const kind = c.kind ?? 'map';
    const gateway: Record<string, ServerConfig> = {};
    const m = manager(h, {
      env: { HOME: h.home, ...c.env?.(h) },
      platform: c.platform ?? 'linux',
      gatewayServers: () => gateway,
      addServers: async (entries) => {
        for (const e of entries) {
          gateway[e.name] = e.config;
        }
      },
    });
    const report = (await m.detect()).clients
      .find((x) => x.id === c.client)
      ?.files.find((f) => f.file === file);
    const importable = report?.servers.filter((s) => s.config !== undefined) ?? [];
    await m.import({ ids: importable.map((s) => s.id) });
    const moved = await m.connect(c.client, { removeImported: true });
    expect(
      moved.plan.files.find((f) => f.file === file)?.actions.filter((a) => a.op === 'remove-server'),
    ).toHaveLength(importable.length);
    const connected = await readFile(file, 'utf8');
    const left = [...entriesOf(c.format, connected, c.container, kind).keys()];
    const skippedNames = report?.servers.filter((s) => s.config === undefined).map((s) => s.name) ?? [];
    expect(left.sort()).toEqual([...skippedNames, ENTRY].sort());
    // Idempotent with removal too.
    const again = await m.connect(c.client, { removeImported: true });
    expect(again.files.every((f) => !f.changed)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(connected);

    // Someone else touches the file: disconnect cannot restore the backup, it edits instead.
    const touched = connected + (connected.endsWith('\r\n') ? '\r\n' : '\n');
    await writeFile(file, touched);
    const undone = await m.disconnect(c.client);
    expect(undone.files.find((f) => f.file === file)?.action).toBe('edited');
    const after = await readFile(file, 'utf8');
    const norm = (text: string) => {
      const data = JSON.parse(JSON.stringify(parseConfigText(c.format, text))) as Record<string, unknown>;
      const cont = getContainer(data, c.container);
      if (Array.isArray(cont)) {
        cont.sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name));
      }
      return data;
    };
    expect(norm(after)).toEqual(norm(original.toString('utf8')));
    expect((await m.status()).find((s) => s.id === c.client)?.connected).toBe(false);
  });
});
