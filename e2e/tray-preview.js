#!/usr/bin/env node
/**
 * Preview images of the desktop tray menu for the README, light and dark. The menu is NOT a
 * capture of Electron: a real headless engine runs real servers (one of which keeps failing),
 * and the tray state, tooltip and menu model are built from its live state by the same modules
 * the desktop app uses (src-main/desktop/logic). That model is drawn as HTML in the style of a
 * native context menu next to the real tray icon PNG, and Chromium screenshots it.
 * Builds nothing: run `npx tsc -b` first.
 *
 *   node e2e/tray-preview.js [outDir]
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { findChromium } from './chromium.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
/** Where the tray icon and the menu's left edge sit in the picture's menu bar. */
const MENU_LEFT = 22;
const CAPTION = "Tray menu as built from the app's menu model (preview)";

const load = async (rel) => {
  try {
    return await import(path.join(DIST, rel));
  } catch (err) {
    throw new Error(`cannot load dist/${rel} (${err.message}): run \`npx tsc -b\` first`);
  }
};
const { createEngine } = await load('src-main/engine/engine.js');
const { silentLogger } = await load('src-main/engine/telemetry/logger.js');
const { buildMenuModel } = await load('src-main/desktop/logic/menu-model.js');
const { trayIconFile, trayState } = await load('src-main/desktop/logic/tray-state.js');

const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'docs/screenshots'));
await mkdir(out, { recursive: true });

const node = (script, ...args) => ({ command: process.execPath, args: [path.join(ROOT, script), ...args] });
const servers = {
  everything: node('node_modules/@modelcontextprotocol/server-everything/dist/index.js'),
  memory: node('node_modules/@modelcontextprotocol/server-memory/dist/index.js'),
  // Exits before speaking MCP, like a server started without its API key: the supervisor
  // retries, then opens the circuit, which is the state worth showing in the menu.
  flaky: node('test/fixtures/servers/exits-at-once.mjs'),
};
// Short backoffs and a small circuit so the failing server settles in seconds, not minutes.
const supervisor = {
  pingIntervalMs: 600_000,
  startTimeoutMs: 30_000,
  backoffInitialMs: 50,
  backoffMaxMs: 300,
  backoffJitter: 0,
  stopGraceMs: 300,
  circuitMaxFailures: 3,
};

/** Polls `pred` until it holds; bounded. */
async function waitFor(pred, what, maxMs = 60_000) {
  for (let waited = 0; !pred(); waited += 100) {
    if (waited > maxMs) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs the engine until every server has settled and returns what the tray would show. */
async function captureTray() {
  const dir = await mkdtemp(path.join(tmpdir(), 'mcpgw-tray-'));
  const configFile = path.join(dir, 'config.json');
  await writeFile(
    configFile,
    `${JSON.stringify({ gateway: { supervisor }, mcpServers: servers }, null, 2)}\n`,
  );
  const engine = await createEngine({
    paths: { configFile, dataDir: path.join(dir, 'data') },
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    watchConfig: false,
    writeRuntimeFile: false,
    env: process.env,
  });
  try {
    const list = () => engine.servers().map((s) => ({ name: s.name, state: s.state }));
    const settled = (s) => (s.name === 'flaky' ? s.state === 'error' : s.state === 'running');
    await waitFor(() => {
      const l = list();
      return l.length === Object.keys(servers).length && l.every(settled);
    }, 'servers running and the failing one with its circuit open');
    const summaries = list();
    const paused = engine.isPaused();
    const input = {
      servers: summaries,
      paused,
      startAtLogin: true,
      autoUpdate: true,
      endpoint: engine.mcpUrl,
    };
    return { summaries, tray: trayState(summaries, paused), menu: buildMenuModel(input) };
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const esc = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** One menu level as HTML; `open` is the id of the submenu drawn expanded beside it. */
function menuHtml(items, open) {
  const rows = items.map((item) => {
    if (item.kind === 'separator') {
      return '<li class="sep" role="separator"></li>';
    }
    const cls = ['item', item.enabled ? '' : 'disabled', item.id === open ? 'active' : ''].filter(Boolean);
    const check = item.kind === 'checkbox' && item.checked ? '✓' : '';
    const arrow = item.kind === 'submenu' ? '<span class="arrow">›</span>' : '';
    const sub =
      item.id === open && item.submenu !== undefined
        ? `<div class="submenu">${menuHtml(item.submenu, undefined)}</div>`
        : '';
    return `<li class="${cls.join(' ')}"><span class="check">${check}</span><span class="label">${esc(item.label)}</span>${arrow}${sub}</li>`;
  });
  return `<ul class="menu">${rows.join('')}</ul>`;
}

const THEMES = {
  light: {
    page: '#dfe4ea',
    bar: 'rgba(246,246,246,0.92)',
    barText: '#1d1d1f',
    barBorder: 'rgba(0,0,0,0.12)',
    menu: 'rgba(236,236,236,0.97)',
    menuBorder: 'rgba(0,0,0,0.18)',
    text: '#1d1d1f',
    disabled: 'rgba(0,0,0,0.32)',
    sep: 'rgba(0,0,0,0.12)',
    accent: '#0a64d8',
    pressed: 'rgba(0,0,0,0.10)',
    caption: '#4a5562',
    tip: '#fbfbfb',
    tipBorder: 'rgba(0,0,0,0.2)',
  },
  dark: {
    page: '#1c2028',
    bar: 'rgba(40,40,42,0.92)',
    barText: '#f2f2f7',
    barBorder: 'rgba(255,255,255,0.08)',
    menu: 'rgba(44,44,46,0.97)',
    menuBorder: 'rgba(255,255,255,0.16)',
    text: '#f2f2f7',
    disabled: 'rgba(255,255,255,0.36)',
    sep: 'rgba(255,255,255,0.12)',
    accent: '#0a5fd0',
    pressed: 'rgba(255,255,255,0.16)',
    caption: '#aab3bf',
    tip: '#2c2c2e',
    tipBorder: 'rgba(255,255,255,0.2)',
  },
};

function pageHtml({ theme, tray, menu, iconDataUrl, iconName, open }) {
  const t = THEMES[theme];
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; }
  body { margin: 0; background: ${t.page}; font: 13px/1 -apple-system, BlinkMacSystemFont, "Segoe UI", "Liberation Sans", "DejaVu Sans", sans-serif; -webkit-font-smoothing: antialiased; }
  #stage { display: inline-block; min-width: 560px; padding: 0 0 16px; background: ${t.page}; }
  .bar { height: 26px; background: ${t.bar}; border-bottom: 1px solid ${t.barBorder}; display: flex; align-items: center; padding: 0 0 0 ${MENU_LEFT}px; color: ${t.barText}; }
  .bar .tray { width: 30px; height: 22px; display: flex; align-items: center; justify-content: center; border-radius: 5px; background: ${t.pressed}; }
  .bar .tray img { width: 16px; height: 16px; }
  .stage-body { padding: 3px 0 22px ${MENU_LEFT}px; }
  .menu { list-style: none; margin: 0; padding: 5px; min-width: 240px; background: ${t.menu}; border: 1px solid ${t.menuBorder}; border-radius: 7px; box-shadow: 0 10px 30px rgba(0,0,0,0.28), 0 1px 3px rgba(0,0,0,0.18); color: ${t.text}; }
  .root { position: relative; display: inline-block; }
  .item { position: relative; display: flex; align-items: center; height: 22px; padding: 0 10px 0 0; border-radius: 4px; white-space: nowrap; }
  .item.disabled { color: ${t.disabled}; }
  .item.active { background: ${t.accent}; color: #fff; }
  .check { width: 20px; text-align: center; font-size: 12px; flex: none; }
  .label { flex: 1; padding-right: 18px; }
  .arrow { font-size: 17px; line-height: 14px; margin-top: -2px; }
  .sep { height: 1px; margin: 5px 10px; background: ${t.sep}; }
  .submenu { position: absolute; left: calc(100% + 6px); top: -6px; color: ${t.text}; }
  .submenu .menu { min-width: 200px; }
  .caption { margin: 0 0 0 22px; color: ${t.caption}; font-size: 12px; line-height: 1.5; }
  .caption strong { font-weight: 600; }
  .tip { display: inline-block; margin: 2px 0 10px 22px; padding: 4px 8px; background: ${t.tip}; border: 1px solid ${t.tipBorder}; border-radius: 4px; color: ${t.text}; font-size: 12px; box-shadow: 0 2px 6px rgba(0,0,0,0.15); }
  .tiplabel { color: ${t.caption}; font-size: 12px; margin-left: 22px; }
  </style></head><body><div id="stage">
    <div class="bar"><div class="tray" title="${esc(tray.tooltip)}"><img src="${iconDataUrl}" alt="tray icon"></div></div>
    <div class="stage-body"><div class="root">${menuHtml(menu, open)}</div></div>
    <div class="tiplabel">Tooltip on hover:</div>
    <div class="tip">${esc(tray.tooltip)}</div>
    <p class="caption"><strong>${esc(CAPTION)}</strong><br>
    Items and states from a live headless engine · icon resources/tray/${esc(iconName)}</p>
  </div></body></html>`;
}

const { summaries, tray, menu } = await captureTray();
// Expand the submenu of a server in trouble, so its extra item (reset the circuit) shows.
const trouble = summaries.find((s) => s.state === 'error') ?? summaries[0];
const open = trouble === undefined ? undefined : `server:${trouble.name}`;

const { executablePath, args } = await findChromium();
const browser = await chromium.launch({ executablePath, args });
try {
  for (const theme of ['light', 'dark']) {
    // Coloured icons (Windows and Linux); the dark bar takes the glyph drawn for dark bars.
    const iconName = trayIconFile(tray.health, 'win32', theme === 'dark').replace(/\.png$/, '@2x.png');
    const icon = await readFile(path.join(ROOT, 'resources/tray', iconName));
    const iconDataUrl = `data:image/png;base64,${icon.toString('base64')}`;
    const context = await browser.newContext({
      viewport: { width: 1000, height: 700 },
      deviceScaleFactor: 2,
      colorScheme: theme,
    });
    try {
      const page = await context.newPage();
      await page.setContent(pageHtml({ theme, tray, menu, iconDataUrl, iconName, open }));
      // The expanded submenu is positioned outside the flow: widen the picture to hold it.
      await page.evaluate((margin) => {
        const stage = globalThis.document.getElementById('stage');
        const right = Math.max(
          ...[...stage.querySelectorAll('.menu')].map((m) => m.getBoundingClientRect().right),
        );
        stage.style.width = `${Math.ceil(Math.max(stage.getBoundingClientRect().width, right + margin))}px`;
      }, MENU_LEFT);
      await page.locator('#stage').screenshot({ path: path.join(out, `tray-menu-${theme}.png`) });
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(`${tray.tooltip}\nwrote tray-menu-light.png and tray-menu-dark.png to ${out}\n`);
