import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { mergePath, resolveLoginShellPath } from '../../engine/backends/index.js';
import {
  autostartCommand,
  autostartDesktopEntry,
  autostartFilePath,
  createLinuxAutostart,
  HIDDEN_ARG,
  quoteExecArg,
} from './autostart.js';
import { needsLoginShellPath } from './path-env.js';
import { DEFAULT_PREFS, readPrefs } from './prefs.js';
import { decideStartMode, detectStartMode, locateElectronBinary } from './start-mode.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mcpgw-desktop-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('login-shell PATH', () => {
  it('is asked for on macOS and Linux only, unless switched off', () => {
    expect(needsLoginShellPath('darwin', {})).toBe(true);
    expect(needsLoginShellPath('linux', {})).toBe(true);
    expect(needsLoginShellPath('win32', {})).toBe(false);
    expect(needsLoginShellPath('linux', { MCP_GATEWAY_NO_LOGIN_SHELL: '1' })).toBe(false);
  });

  it.skipIf(process.platform === 'win32')(
    'the engine reads PATH from a real login shell, ignoring rc-file noise',
    async () => {
      const home = path.join(dir, 'home');
      const bin = path.join(dir, 'from_profile');
      await mkdir(home, { recursive: true });
      // sh -l reads ~/.profile: it prints a banner and extends PATH like nvm or Homebrew would.
      await writeFile(path.join(home, '.profile'), `echo "welcome banner"\nexport PATH="${bin}:$PATH"\n`);
      const env = { HOME: home, SHELL: '/bin/sh', PATH: '/usr/bin:/bin' };
      const merged = mergePath(await resolveLoginShellPath({ env, timeoutMs: 10_000 }), env.PATH);
      expect(merged?.split(':')[0]).toBe(bin);
      expect(merged?.split(':')).toContain('/usr/bin');
    },
  );
});

describe('start at login on Linux (XDG autostart)', () => {
  it('writes and removes the autostart entry', async () => {
    const file = autostartFilePath({ XDG_CONFIG_HOME: path.join(dir, 'cfg') }, '/home/u');
    expect(file).toBe(path.join(dir, 'cfg', 'autostart', 'mcp-gateway.desktop'));
    expect(autostartFilePath({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe(
      '/home/u/.config/autostart/mcp-gateway.desktop',
    );
    const a = createLinuxAutostart({ file, command: ['/opt/MCP Gateway/mcp-gateway-desktop', HIDDEN_ARG] });
    expect(await a.get()).toBe(false);
    expect(await a.set(true)).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('[Desktop Entry]');
    expect(text).toContain('Exec="/opt/MCP Gateway/mcp-gateway-desktop" --hidden');
    await writeFile(file, text.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(await a.get()).toBe(false);
    expect(await a.set(false)).toBe(false);
    expect(await a.set(false)).toBe(false);
  });

  it('starts an AppImage through its own file and quotes Exec per the spec', () => {
    expect(autostartCommand('/tmp/.mount_x/mcp', { APPIMAGE: '/home/u/Apps/MCP.AppImage' })).toEqual([
      '/home/u/Apps/MCP.AppImage',
      '--hidden',
    ]);
    expect(autostartCommand('/usr/bin/mcp', {})).toEqual(['/usr/bin/mcp', '--hidden']);
    expect(quoteExecArg('/a b/$x"`\\')).toBe('"/a b/\\$x\\"\\`\\\\"');
    expect(autostartDesktopEntry(['/p/100%/app'])).toContain('Exec=/p/100%%/app');
  });
});

describe('npm start mode', () => {
  it('runs the desktop app only where Electron can run', () => {
    const bin = '/x/electron';
    expect(
      decideStartMode({
        platform: 'linux',
        env: { DISPLAY: ':0' },
        electronBinary: bin,
        electronExists: true,
      }),
    ).toEqual({
      mode: 'desktop',
      electron: bin,
    });
    expect(
      decideStartMode({
        platform: 'linux',
        env: { WAYLAND_DISPLAY: 'wayland-0' },
        electronBinary: bin,
        electronExists: true,
      }).mode,
    ).toBe('desktop');
    expect(
      decideStartMode({ platform: 'darwin', env: {}, electronBinary: bin, electronExists: true }).mode,
    ).toBe('desktop');
    expect(
      decideStartMode({ platform: 'linux', env: {}, electronBinary: bin, electronExists: true }),
    ).toMatchObject({
      mode: 'headless',
      reason: expect.stringMatching(/no display/),
    });
    expect(
      decideStartMode({ platform: 'darwin', env: {}, electronBinary: bin, electronExists: false }),
    ).toMatchObject({
      mode: 'headless',
      reason: expect.stringMatching(/Electron binary is not installed/),
    });
    expect(
      decideStartMode({ platform: 'win32', env: {}, electronBinary: undefined, electronExists: false }).mode,
    ).toBe('headless');
    expect(
      decideStartMode({
        platform: 'darwin',
        env: { MCP_GATEWAY_HEADLESS: '1' },
        electronBinary: bin,
        electronExists: true,
      }).mode,
    ).toBe('headless');
  });

  it('finds the binary from the electron package without downloading it', async () => {
    const pkg = path.join(dir, 'electron');
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(pkg, 'dist'), { recursive: true }));
    expect(locateElectronBinary(pkg, {})).toBeUndefined();
    await writeFile(path.join(pkg, 'path.txt'), 'electron');
    expect(locateElectronBinary(pkg, {})).toBe(path.join(pkg, 'dist', 'electron'));
    expect(locateElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/e' })).toBe('/opt/e/electron');
    expect(detectStartMode(pkg, { DISPLAY: ':0' }, 'linux').mode).toBe('headless');
    await writeFile(path.join(pkg, 'dist', 'electron'), '');
    expect(detectStartMode(pkg, { DISPLAY: ':0' }, 'linux')).toEqual({
      mode: 'desktop',
      electron: path.join(pkg, 'dist', 'electron'),
    });
  });
});

describe('UI preferences', () => {
  it('falls back field by field to defaults for anything unreadable', () => {
    expect(readPrefs(undefined)).toEqual(DEFAULT_PREFS);
    expect(DEFAULT_PREFS).toMatchObject({ theme: 'system', autoUpdate: true, window: { expanded: false } });
    expect(
      readPrefs({
        theme: 'dark',
        window: { width: 5, height: 900, expanded: true },
        autoUpdate: 'yes',
        lastView: '/tools',
      }),
    ).toEqual({
      theme: 'dark',
      window: { width: DEFAULT_PREFS.window.width, height: 900, expanded: true },
      autoUpdate: true,
      lastView: '/tools',
    });
  });
});
