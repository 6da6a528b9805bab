#!/usr/bin/env node
/**
 * Runs the end-to-end suite: the built dashboard (dist/renderer) in Chromium against real headless
 * gateways. Builds nothing: run `npm run build` first. Tests run one after another (two shared
 * cores); each gets a fresh gateway and data folder, and everything it starts is stopped.
 *
 *   node e2e/run.js [substring ...]     run the tests whose name contains a substring
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { launchBrowser, openDashboard, ROOT, startGateway } from './fixtures.js';

const SPECS = [
  'servers.spec.js',
  'add-server.spec.js',
  'server-detail.spec.js',
  'budgets.spec.js',
  'trust.spec.js',
  'clients.spec.js',
  'profiles.spec.js',
  'clients-wizard.spec.js',
  'sign-in.spec.js',
  'app.spec.js',
  'search.spec.js',
];
const DEFAULT_TIMEOUT = 90_000;

if (
  !existsSync(path.join(ROOT, 'dist/renderer/index.html')) ||
  !existsSync(path.join(ROOT, 'dist/src-main/cli/main.js'))
) {
  console.error('e2e: build first (npm run build): dist/renderer and dist/src-main are needed');
  process.exit(2);
}

const filters = process.argv.slice(2);
const all = [];
for (const file of SPECS) {
  const mod = await import(`./${file}`);
  for (const t of mod.tests) {
    all.push({ ...t, file });
  }
}
const selected = all.filter((t) => filters.length === 0 || filters.some((f) => t.name.includes(f)));
const failDir = path.join(tmpdir(), 'mcpgw-e2e-failures');
await mkdir(failDir, { recursive: true });

const browser = await launchBrowser();
const started = Date.now();
const results = [];
// Interrupted (Ctrl-C, CI timeout): stop the running test's gateways and the browser before leaving.
let current = [];
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    void Promise.allSettled(current.map((c) => c()))
      .then(() => browser.close())
      .finally(() => process.exit(130));
  });
}

for (const t of selected) {
  const cleanups = [];
  current = cleanups;
  const gateways = [];
  const pages = [];
  const ctx = {
    browser,
    async gateway(opts) {
      const gw = await startGateway(opts);
      gateways.push(gw);
      cleanups.push(() => gw.dispose());
      return gw;
    },
    async dashboard(gw, opts) {
      const d = await openDashboard(browser, gw, opts);
      pages.push(d);
      cleanups.push(() => d.context.close());
      return d;
    },
  };
  const t0 = Date.now();
  let error;
  let timer;
  try {
    await Promise.race([
      t.run(ctx),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${(t.timeout ?? DEFAULT_TIMEOUT) / 1000}s`)),
          t.timeout ?? DEFAULT_TIMEOUT,
        );
      }),
    ]);
    for (const p of pages) {
      if (p.errors.length > 0) {
        throw new Error(`uncaught errors in the page: ${p.errors.join('; ')}`);
      }
    }
  } catch (err) {
    error = err;
    for (const [i, p] of pages.entries()) {
      const file = path.join(failDir, `${t.name.replace(/[^a-z0-9]+/gi, '-')}-${i}.png`);
      await p.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    }
  } finally {
    clearTimeout(timer);
  }
  for (const c of cleanups.reverse()) {
    await c().catch(() => undefined);
  }
  const ms = Date.now() - t0;
  results.push({ name: t.name, ok: error === undefined, ms });
  if (error === undefined) {
    console.log(`  ✓ ${t.name} (${(ms / 1000).toFixed(1)}s)`);
  } else {
    console.log(
      `  ✗ ${t.name} (${(ms / 1000).toFixed(1)}s)\n    ${String(error?.stack ?? error)
        .split('\n')
        .slice(0, 6)
        .join('\n    ')}`,
    );
    const out = gateways
      .map((g) => g.output())
      .join('\n')
      .split('\n')
      .slice(-25)
      .join('\n      ');
    console.log(`    gateway output (last lines):\n      ${out}\n    screenshots: ${failDir}`);
  }
}

await browser.close();
const failed = results.filter((r) => !r.ok);
console.log(
  `\n${results.length - failed.length} passed, ${failed.length} failed, ${((Date.now() - started) / 1000).toFixed(1)}s`,
);
process.exit(failed.length === 0 && results.length > 0 ? 0 : 1);
