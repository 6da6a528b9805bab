/**
 * The dashboard under the desktop window's content security policy, in a real Chromium against
 * a real engine: the page must render, reach the engine and show a real server without a single
 * CSP violation, while a request anywhere else is blocked. The desktop bridge is given to the
 * page the way the preload does (same shape, from src-shared/desktop-bridge.ts).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findChromium } from '../../e2e/chromium.js';
import { contentSecurityPolicy, dashboardUrl } from '../../src-main/desktop/logic/window-options.js';
import { type DesktopBridge } from '../../src-shared/desktop-bridge.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { MEMORY, nodeServer } from '../lib/paths.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const built = existsSync(path.join(root, 'dist/renderer/index.html'));
const canRun = built;
if (!canRun) {
  console.log('dashboard CSP test: not run — dist/renderer is not built (npm run build)');
}

let home: string;
let gw: Gateway;
let browser: Browser;

beforeAll(async () => {
  if (!canRun) {
    return;
  }
  home = await mkdtemp(path.join(os.tmpdir(), 'mcpgw-csp-'));
  const memory = { ...nodeServer(MEMORY), env: { MEMORY_FILE_PATH: path.join(home, 'memory.jsonl') } };
  // Client tokens on, as the app ships.
  gw = await startGateway({ memory }, { clientAuth: 'required' }, { dir: home });
  // The system's Chromium, else the npm package's build (e2e/chromium.js).
  const { executablePath, args } = await findChromium();
  browser = await chromium.launch({ executablePath, args });
});

afterAll(async () => {
  await browser?.close();
  await gw?.close();
  if (home !== undefined) {
    await rm(home, { recursive: true, force: true });
  }
});

describe.skipIf(!canRun)('dashboard under the desktop CSP', () => {
  it('renders and talks to the engine within the policy; other origins are blocked', async () => {
    const csp = contentSecurityPolicy(gw.url);
    const context = await browser.newContext();
    const page = await context.newPage();
    // The desktop app adds this header to the engine's responses (session.webRequest); it is the
    // document's header that governs the page, so the /ui responses carry it here.
    await page.route(`${gw.url}/ui/**`, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': csp } });
    });
    const bridge: Omit<DesktopBridge, 'desktop'> = {
      apiBase: gw.url,
      token: gw.token,
      platform: process.platform,
    };
    await page.addInitScript((b) => {
      const violations: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = violations;
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
      const desktop = {
        getStartAtLogin: () => Promise.resolve(false),
        setStartAtLogin: (on: boolean) => Promise.resolve(on),
        revealConfig: () => Promise.resolve(),
        quit: () => Promise.resolve(),
      };
      Object.defineProperty(window, 'mcpGateway', {
        value: Object.freeze({ ...b, desktop: Object.freeze(desktop) }),
      });
    }, bridge);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${dashboardUrl(gw.url)}#/servers`);
    await page.getByText('memory', { exact: true }).first().waitFor({ timeout: 30_000 });
    // zod probes once whether eval is allowed (and, refused, validates without it): that probe is
    // the only report the policy may produce; `z.config({ jitless: true })` in the renderer skips it.
    const violations = await page.evaluate(
      () => (window as unknown as { __violations: string[] }).__violations,
    );
    expect(violations.filter((v) => v !== 'script-src eval')).toEqual([]);

    // Anything not from the engine is refused by the policy.
    const blocked = await page.evaluate(async () => {
      try {
        await fetch('http://127.0.0.2:9/x');
        return 'allowed';
      } catch {
        return 'blocked';
      }
    });
    expect(blocked).toBe('blocked');
    expect(
      (await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).some((v) =>
        v.startsWith('connect-src'),
      ),
    ).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
