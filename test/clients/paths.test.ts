import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { needsCmdWrapper, unwrapCmd } from '../../src-main/engine/clients/adapters/common.js';
import { ADAPTERS } from '../../src-main/engine/clients/adapters/index.js';
import { homeOf } from '../../src-main/engine/clients/scan.js';
import type { AdapterContext, ClientPlatform } from '../../src-main/engine/clients/types.js';
import { GATEWAY_URL } from './helpers.js';

function ctx(platform: ClientPlatform, env: Record<string, string>, existing: string[] = []): AdapterContext {
  const p = platform === 'win32' ? path.win32 : path.posix;
  return {
    env,
    platform,
    home: homeOf(env, platform),
    path: p,
    gatewayUrl: GATEWAY_URL,
    bridge: {
      command:
        platform === 'win32'
          ? 'C:\\Program Files\\MCP Gateway\\resources\\bridge\\mcp-gateway-bridge.exe'
          : '/usr/bin/node',
      args: [],
    },
    entryName: 'mcp-gateway',
    projectDirs: [],
    listDir: async () => [],
    exists: async (x) => existing.includes(x),
    readJson: async () => undefined,
  };
}

async function files(id: string, c: AdapterContext): Promise<Array<[string, boolean]>> {
  const a = ADAPTERS.find((x) => x.id === id);
  if (a === undefined) {
    throw new Error(id);
  }
  return (await a.locations(c)).filter((l) => l.scope !== 'project').map((l) => [l.file, l.connect]);
}

const WIN = {
  USERPROFILE: 'C:\\Users\\me',
  APPDATA: 'C:\\Users\\me\\AppData\\Roaming',
  LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local',
};
const MSIX = 'C:\\Users\\me\\AppData\\Local\\Packages\\Claude_pzs8sxrjxfjjc';

describe('Windows paths', () => {
  it('Claude Desktop: classic install writes %APPDATA%, MSIX install writes inside the package', async () => {
    expect(await files('claude-desktop', ctx('win32', WIN))).toEqual([
      ['C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json', true],
      [`${MSIX}\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json`, false],
    ]);
    expect(await files('claude-desktop', ctx('win32', WIN, [MSIX]))).toEqual([
      [`${MSIX}\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json`, true],
      ['C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json', false],
    ]);
  });

  it('derives AppData from USERPROFILE when APPDATA is not set', async () => {
    expect(await files('zed', ctx('win32', { USERPROFILE: 'D:\\home' }))).toEqual([
      ['D:\\home\\AppData\\Roaming\\Zed\\settings.json', true],
    ]);
  });

  it('puts every client where it lives on Windows', async () => {
    const c = ctx('win32', WIN);
    expect(await files('claude-code', c)).toEqual([['C:\\Users\\me\\.claude.json', true]]);
    expect(await files('cursor', c)).toEqual([['C:\\Users\\me\\.cursor\\mcp.json', true]]);
    expect((await files('vscode', c))[0]).toEqual([
      'C:\\Users\\me\\AppData\\Roaming\\Code\\User\\mcp.json',
      true,
    ]);
    expect((await files('vscode-insiders', c))[0]).toEqual([
      'C:\\Users\\me\\AppData\\Roaming\\Code - Insiders\\User\\mcp.json',
      true,
    ]);
    expect(await files('windsurf', c)).toEqual([
      ['C:\\Users\\me\\.codeium\\windsurf\\mcp_config.json', true],
    ]);
    expect((await files('cline', c))[0]?.[0]).toBe(
      'C:\\Users\\me\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
    );
    expect(await files('codex', c)).toEqual([['C:\\Users\\me\\.codex\\config.toml', true]]);
    expect(await files('gemini', c)).toEqual([['C:\\Users\\me\\.gemini\\settings.json', true]]);
    expect(await files('continue', c)).toEqual([['C:\\Users\\me\\.continue\\config.yaml', true]]);
    expect((await files('lm-studio', c))[0]).toEqual(['C:\\Users\\me\\.lmstudio\\mcp.json', true]);
    expect(await files('goose', c)).toEqual([
      ['C:\\Users\\me\\AppData\\Roaming\\Block\\goose\\config\\config.yaml', true],
    ]);
  });

  it('wraps .cmd launchers in cmd /c for stdio entries, and unwraps them on import', () => {
    const a = ADAPTERS.find((x) => x.id === 'claude-desktop');
    const win = ctx('win32', WIN);
    expect(a?.gatewayEntry(win)).toEqual({
      command: 'C:\\Program Files\\MCP Gateway\\resources\\bridge\\mcp-gateway-bridge.exe',
      args: ['--url', GATEWAY_URL],
    });
    // The desktop app's packaged bridge on Windows is a .cmd launcher.
    const packaged = 'C:\\Program Files\\MCP Gateway\\resources\\bridge\\mcp-gateway-bridge.cmd';
    expect(a?.gatewayEntry({ ...win, bridge: { command: packaged, args: [] } })).toEqual({
      command: 'cmd',
      args: ['/c', packaged, '--url', GATEWAY_URL],
    });
    expect(
      a?.gatewayEntry({ ...win, bridge: { command: 'npx', args: ['-y', 'mcp-gateway', 'stdio'] } }),
    ).toEqual({
      command: 'cmd',
      args: ['/c', 'npx', '-y', 'mcp-gateway', 'stdio', '--url', GATEWAY_URL],
    });
    // Not on other systems.
    expect(
      a?.gatewayEntry({
        ...ctx('darwin', { HOME: '/Users/me' }),
        bridge: { command: 'npx', args: ['mcp-gateway', 'stdio'] },
      }),
    ).toEqual({
      command: 'npx',
      args: ['mcp-gateway', 'stdio', '--url', GATEWAY_URL],
    });
    expect(needsCmdWrapper('uvx')).toBe(true);
    expect(needsCmdWrapper('C:\\tools\\run.bat')).toBe(true);
    expect(needsCmdWrapper('node.exe')).toBe(false);
    expect(unwrapCmd('cmd', ['/c', 'npx', '-y', 'x'])).toEqual({
      command: 'npx',
      args: ['-y', 'x'],
      unwrapped: true,
    });
    expect(unwrapCmd('C:\\Windows\\System32\\cmd.exe', ['/C', 'uvx', 'y'])).toEqual({
      command: 'uvx',
      args: ['y'],
      unwrapped: true,
    });
  });
});

describe('macOS and Linux paths', () => {
  it('uses Application Support on macOS and ~/.config for Zed', async () => {
    const c = ctx('darwin', { HOME: '/Users/me', XDG_CONFIG_HOME: '/Users/me/xdg' });
    expect(await files('claude-desktop', c)).toEqual([
      ['/Users/me/Library/Application Support/Claude/claude_desktop_config.json', true],
    ]);
    expect((await files('vscode', c))[0]).toEqual([
      '/Users/me/Library/Application Support/Code/User/mcp.json',
      true,
    ]);
    expect(await files('zed', c)).toEqual([['/Users/me/.config/zed/settings.json', true]]);
  });

  it('honours XDG_CONFIG_HOME on Linux and probes both Claude casings', async () => {
    const c = ctx('linux', { HOME: '/home/me', XDG_CONFIG_HOME: '/home/me/.xdg' });
    expect(await files('claude-desktop', c)).toEqual([
      ['/home/me/.xdg/Claude/claude_desktop_config.json', true],
      ['/home/me/.xdg/claude/claude_desktop_config.json', false],
    ]);
    const lower = ctx('linux', { HOME: '/home/me' }, ['/home/me/.config/claude']);
    expect(await files('claude-desktop', lower)).toEqual([
      ['/home/me/.config/Claude/claude_desktop_config.json', false],
      ['/home/me/.config/claude/claude_desktop_config.json', true],
    ]);
    expect(await files('zed', c)).toEqual([['/home/me/.xdg/zed/settings.json', true]]);
    expect(
      await files(
        'zed',
        ctx('linux', { HOME: '/home/me', FLATPAK_XDG_CONFIG_HOME: '/home/me/.var/app/dev.zed.Zed/config' }),
      ),
    ).toEqual([['/home/me/.var/app/dev.zed.Zed/config/zed/settings.json', true]]);
    expect(await files('goose', c)).toEqual([
      ['/home/me/.xdg/goose/config.yaml', true],
      ['/home/me/.config/goose/config.yaml', false],
    ]);
    // A relative XDG_CONFIG_HOME is ignored, as the spec says.
    expect(await files('zed', ctx('linux', { HOME: '/home/me', XDG_CONFIG_HOME: 'rel' }))).toEqual([
      ['/home/me/.config/zed/settings.json', true],
    ]);
  });

  it('honours CLAUDE_CONFIG_DIR and CODEX_HOME', async () => {
    const c = ctx('linux', { HOME: '/home/me', CLAUDE_CONFIG_DIR: '/cfg/claude', CODEX_HOME: '/cfg/codex' });
    expect(await files('claude-code', c)).toEqual([['/cfg/claude/.claude.json', true]]);
    expect(await files('codex', c)).toEqual([['/cfg/codex/config.toml', true]]);
  });

  it('finds nothing without a home folder', async () => {
    expect(await files('cursor', ctx('linux', {}))).toEqual([]);
  });
});

describe('Roo Code', () => {
  it('lives beside Cline in each editor and in project .roo/mcp.json', async () => {
    const c = {
      ...ctx('linux', { HOME: '/home/me' }, [
        '/home/me/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline',
      ]),
      projectDirs: ['/home/me/app'],
    };
    const a = ADAPTERS.find((x) => x.id === 'roo-code');
    const locs = (await a?.locations(c)) ?? [];
    expect(locs.filter((l) => l.connect).map((l) => l.file)).toEqual([
      '/home/me/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
    ]);
    expect(locs.find((l) => l.scope === 'project')?.file).toBe('/home/me/app/.roo/mcp.json');
    expect(a?.gatewayEntry(c)).toEqual({ type: 'streamable-http', url: GATEWAY_URL, disabled: false });
  });
});
