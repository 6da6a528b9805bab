/**
 * The browser tests' Chromium on a machine with nothing but Node: the build inside the
 * `@sparticuz/chromium` npm package, launched by playwright-core, renders a page. The system's
 * Chromium stays first where there is one.
 */
import { existsSync } from 'node:fs';

import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { findChromium, SYSTEM_CHROMIUMS } from '../../e2e/chromium.js';

describe('Chromium for the browser tests', () => {
  it('uses the npm package’s build when no system Chromium is taken, and it renders a page', async () => {
    const found = await findChromium({ MCPGW_E2E_NPM_CHROMIUM: '1' });
    expect(found.source).toBe('@sparticuz/chromium');
    expect(existsSync(found.executablePath)).toBe(true);
    expect(found.args).toEqual(expect.arrayContaining(['--no-sandbox', '--single-process', '--no-zygote']));
    const browser = await chromium.launch({ executablePath: found.executablePath, args: found.args });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="x">rendered</p><script>document.title = String(6 * 7)</script>');
      expect(await page.textContent('#x')).toBe('rendered');
      expect(await page.title()).toBe('42');
    } finally {
      await browser.close();
    }
  });

  it('prefers the system Chromium when one is installed', async (ctx) => {
    const system = SYSTEM_CHROMIUMS.find((p) => existsSync(p));
    if (system === undefined) {
      ctx.skip(); // nothing to prefer on this machine; the test above covers the fallback
    }
    expect(await findChromium({})).toMatchObject({ source: 'system', executablePath: system });
  });

  it('says what to do when CHROMIUM_PATH points nowhere', async () => {
    await expect(findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).rejects.toThrow(
      /CHROMIUM_PATH is \/nonexistent\/chromium, which does not exist: fix it or unset it/,
    );
  });
});
