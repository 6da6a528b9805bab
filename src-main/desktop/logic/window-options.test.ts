import { describe, expect, it } from 'vitest';

import {
  contentSecurityPolicy,
  dashboardUrl,
  externalLinkDecision,
  isAllowedNavigation,
  isTrustedSender,
  POPOVER_SIZE,
  popoverPosition,
  secureWebPreferences,
  windowOptions,
} from './window-options.js';

const engine = 'http://127.0.0.1:7411';

describe('window security', () => {
  it('turns off Node in the page and isolates the preload', () => {
    const p = secureWebPreferences('/app/preload.js');
    expect(p).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('lets the page reach only the engine', () => {
    const csp = contentSecurityPolicy(`${engine}/ui/`);
    expect(csp).toContain(`connect-src ${engine};`);
    expect(csp).toContain(`script-src ${engine};`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-eval|\*/);
  });

  it('keeps navigation on the dashboard and sends web links to the OS browser', () => {
    expect(dashboardUrl(engine)).toBe(`${engine}/ui/`);
    expect(dashboardUrl(engine, 'my server')).toBe(`${engine}/ui/#/servers/my%20server`);
    expect(isAllowedNavigation(`${engine}/ui/#/tools`, engine)).toBe(true);
    expect(isAllowedNavigation(`${engine}/api/v1/servers`, engine)).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:9999/ui/', engine)).toBe(false);
    expect(isAllowedNavigation('not a url', engine)).toBe(false);
    expect(externalLinkDecision('https://modelcontextprotocol.io/docs', engine)).toBe('open-external');
    expect(externalLinkDecision(`${engine}/ui/#/servers`, engine)).toBe('stay');
    for (const bad of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pw@evil.test/',
      'ms-settings:',
    ]) {
      expect(externalLinkDecision(bad, engine)).toBe('deny');
    }
    expect(isTrustedSender(`${engine}/ui/`, engine)).toBe(true);
    expect(isTrustedSender('https://evil.test/ui/', engine)).toBe(false);
    expect(isTrustedSender(undefined, engine)).toBe(false);
  });
});

describe('popover position', () => {
  const size = POPOVER_SIZE;

  it('drops below a macOS menu-bar tray, centred and inside the work area', () => {
    const work = { x: 0, y: 25, width: 1440, height: 875 };
    const pos = popoverPosition({ x: 1000, y: 0, width: 22, height: 24 }, size, work);
    expect(pos).toEqual({ x: Math.round(1011 - size.width / 2), y: 28 });
    // Near the right edge it is pushed back inside.
    expect(popoverPosition({ x: 1420, y: 0, width: 22, height: 24 }, size, work).x).toBe(
      1440 - size.width - 8,
    );
  });

  it('rises above a Windows taskbar tray', () => {
    const work = { x: 0, y: 0, width: 1920, height: 1040 };
    const pos = popoverPosition({ x: 1800, y: 1044, width: 24, height: 32 }, size, work);
    expect(pos.y + size.height).toBeLessThanOrEqual(1040);
    expect(pos.y).toBe(1040 - size.height - 8);
    expect(pos.x + size.width).toBeLessThanOrEqual(1920 - 8);
  });

  it('sits beside a vertical taskbar, in the corner for a tray without bounds, and shrinks on small screens', () => {
    const work = { x: 60, y: 0, width: 1860, height: 1080 };
    expect(popoverPosition({ x: 10, y: 900, width: 40, height: 40 }, size, work)).toEqual({
      x: 68,
      y: 1080 - size.height - 8,
    });
    const linux = { x: 0, y: 27, width: 1920, height: 1053 };
    expect(popoverPosition({ x: 0, y: 0, width: 0, height: 0 }, size, linux)).toEqual({
      x: 1920 - size.width - 8,
      y: 35,
    });
    const tiny = { x: 0, y: 0, width: 400, height: 500 };
    const p = popoverPosition({ x: 380, y: 0, width: 20, height: 20 }, size, tiny);
    expect(p.x).toBeGreaterThanOrEqual(8);
    expect(p.y).toBeGreaterThanOrEqual(8);
  });
});

describe('window options', () => {
  it('make the popover a fixed, frameless panel on top and the full window the size it was left at', () => {
    const popover = windowOptions('popover', { width: 1000, height: 700 }, '/app/preload.cjs', undefined);
    expect(popover).toMatchObject({
      ...POPOVER_SIZE,
      frame: false,
      resizable: false,
      alwaysOnTop: true,
      show: false,
    });
    const full = windowOptions('full', { width: 1000, height: 700 }, '/app/preload.cjs', '/app/icon.png');
    expect(full).toMatchObject({
      width: 1000,
      height: 700,
      frame: true,
      skipTaskbar: false,
      icon: '/app/icon.png',
    });
    expect(full.webPreferences).toEqual(secureWebPreferences('/app/preload.cjs'));
  });
});
