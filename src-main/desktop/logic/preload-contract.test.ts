import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { DESKTOP_CHANNELS, DESKTOP_CONTRACT, isSafeExternalUrl } from '../../../src-shared/desktop-bridge.js';
import { createDesktopIpcHandlers, type DesktopIpcDeps } from './ipc-handlers.js';

const engineUrl = 'http://127.0.0.1:7411';
const page = `${engineUrl}/ui/`;

function deps(log: string[]): DesktopIpcDeps {
  let login = false;
  let updates = true;
  let prefs = { theme: 'system' as const, lastView: '', autoUpdate: true } as {
    theme: 'system' | 'light' | 'dark';
    lastView: string;
    autoUpdate: boolean;
  };
  return {
    engineUrl,
    bootstrap: () => ({ apiBase: engineUrl, token: 't'.repeat(32), platform: 'linux' }),
    openExternal: (url) => Promise.resolve(void log.push(`open ${url}`)),
    getStartAtLogin: () => Promise.resolve(login),
    setStartAtLogin: (on) => Promise.resolve((login = on)),
    getAutoUpdate: () => updates,
    setAutoUpdate: (on) => (updates = on),
    revealConfig: () => void log.push('reveal'),
    getPreferences: () => prefs,
    setPreferences: (patch) => (prefs = { ...prefs, ...patch }),
    expandWindow: () => void log.push('expand'),
    quit: () => void log.push('quit'),
  };
}

describe('desktop bridge contract', () => {
  it('validates payloads with the shared zod schemas', () => {
    expect(DESKTOP_CONTRACT.setStartAtLogin.args.safeParse([true]).success).toBe(true);
    expect(DESKTOP_CONTRACT.setStartAtLogin.args.safeParse(['yes']).success).toBe(false);
    expect(DESKTOP_CONTRACT.setStartAtLogin.args.safeParse([true, 1]).success).toBe(false);
    expect(DESKTOP_CONTRACT.openExternal.args.safeParse(['https://example.com/a?b#c']).success).toBe(true);
    expect(DESKTOP_CONTRACT.openExternal.args.safeParse(['file:///etc/passwd']).success).toBe(false);
    expect(
      DESKTOP_CONTRACT.bootstrap.result.safeParse({
        apiBase: 'http://evil.test:80',
        token: 'x'.repeat(32),
        platform: 'linux',
      }).success,
    ).toBe(false);
    expect(isSafeExternalUrl('https://a.test')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'https://u:p@a.test',
      'https://a.test/ x',
      'https:\\\\a.test',
      'http://',
      'HTTPS//a',
    ]) {
      expect(isSafeExternalUrl(bad)).toBe(false);
    }
  });

  it('answers only the dashboard page, with checked arguments', async () => {
    const log: string[] = [];
    const h = createDesktopIpcHandlers(deps(log));
    await expect(h.bootstrap(page, [])).resolves.toMatchObject({ apiBase: engineUrl });
    await expect(h.setStartAtLogin(page, [true])).resolves.toBe(true);
    await expect(h.getStartAtLogin(page, [])).resolves.toBe(true);
    await expect(h.setAutoUpdate(page, [false])).resolves.toBe(false);
    await h.openExternal(page, ['https://github.com/']);
    await h.revealConfig(page, []);
    await h.expandWindow(page, []);
    await h.quit(page, []);
    expect(log).toEqual(['open https://github.com/', 'reveal', 'expand', 'quit']);

    await expect(h.quit('https://evil.test/ui/', [])).rejects.toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
    await expect(h.bootstrap(undefined, [])).rejects.toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
    await expect(h.openExternal(page, ['file:///etc/passwd'])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/only http:\/\/ and https:\/\//),
    });
    await expect(h.setPreferences(page, [{ theme: 'dark', lastView: '#/tools' }])).resolves.toMatchObject({
      theme: 'dark',
      lastView: '#/tools',
    });
    await expect(h.getPreferences(page, [])).resolves.toMatchObject({ theme: 'dark' });
    await expect(h.setPreferences(page, [{ theme: 'neon' }])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(h.setPreferences(page, [{ lastView: 'https://evil.test' }])).rejects.toMatchObject({
      message: expect.stringMatching(/starting with "#\/"/),
    });
    await expect(h.setPreferences(page, [{ autoUpdate: false }])).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(h.setStartAtLogin(page, ['on'])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(log).toHaveLength(4);
  });

  it('the sandboxed preload uses exactly the shared channel names', async () => {
    // The preload cannot import at run time (sandbox), so it carries the names itself; the
    // type checker ties them to DESKTOP_CHANNELS and this keeps the source honest too.
    const src = await readFile(new URL('../preload.cts', import.meta.url), 'utf8');
    for (const channel of Object.values(DESKTOP_CHANNELS)) {
      expect(src).toContain(`'${channel}'`);
    }
    // Its only run-time import is electron itself.
    expect(src).not.toMatch(/^import\s+(?!type\b)(?!electron = require\('electron'\);)/m);
  });
});
