#!/usr/bin/env node
// Draws the app and tray icons as SVG and rasterises them with @resvg/resvg-js; writes the PNGs,
// the Windows .ico and the macOS .icns (both simple containers of PNGs, assembled here).
// Run after changing the drawings: `node resources/icons/generate-icons.mjs` (outputs are committed).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Resvg } from '@resvg/resvg-js';

const root = path.dirname(fileURLToPath(import.meta.url));
const iconsDir = root;
const trayDir = path.join(root, '..', 'tray');
mkdirSync(trayDir, { recursive: true });

function render(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } })
    .render()
    .asPng();
}

// ---------------------------------------------------------------- the hub glyph (16×16 units)

const CENTER = [8, 7.4];
const SATELLITES = [
  [8, 2.2],
  [2.6, 12.2],
  [13.4, 12.2],
];

/** The gateway: one hub with three servers around it. `hollow` draws the empty state. */
function glyph(color, { hollow = false } = {}) {
  const lines = SATELLITES.map(
    ([x, y]) =>
      `<line x1="${CENTER[0]}" y1="${CENTER[1]}" x2="${x}" y2="${y}" stroke="${color}" stroke-width="1.4" stroke-linecap="round"/>`,
  ).join('');
  const fill = hollow ? 'none' : color;
  const nodes = SATELLITES.map(
    ([x, y]) =>
      `<circle cx="${x}" cy="${y}" r="1.9" fill="${fill}" stroke="${color}" stroke-width="${hollow ? 1.2 : 0}"/>`,
  ).join('');
  const hub = `<circle cx="${CENTER[0]}" cy="${CENTER[1]}" r="2.9" fill="${fill}" stroke="${color}" stroke-width="${hollow ? 1.3 : 0}"/>`;
  return lines + nodes + hub;
}

const BADGE = { cx: 12.6, cy: 12.6, r: 3.4 };

/** The badge's mark: a shape per state, so it reads without colour too (and in template images). */
function badgeMark(state, fg) {
  const { cx, cy } = BADGE;
  switch (state) {
    case 'degraded':
      // A circular arrow: restarting.
      return `<path d="M ${cx + 1.6} ${cy - 0.6} A 1.7 1.7 0 1 0 ${cx + 0.6} ${cy + 1.5}" fill="none" stroke="${fg}" stroke-width="0.9" stroke-linecap="round"/><path d="M ${cx + 2.2} ${cy - 1.9} L ${cx + 1.8} ${cy - 0.2} L ${cx + 0.3} ${cy - 0.9} Z" fill="${fg}"/>`;
    case 'failed':
      return `<rect x="${cx - 0.5}" y="${cy - 2.1}" width="1" height="2.7" rx="0.4" fill="${fg}"/><circle cx="${cx}" cy="${cy + 1.6}" r="0.6" fill="${fg}"/>`;
    case 'paused':
      return `<rect x="${cx - 1.45}" y="${cy - 1.6}" width="1" height="3.2" rx="0.3" fill="${fg}"/><rect x="${cx + 0.45}" y="${cy - 1.6}" width="1" height="3.2" rx="0.3" fill="${fg}"/>`;
    default:
      return '';
  }
}

const COLORS = { ok: '#22c55e', degraded: '#f59e0b', failed: '#ef4444', paused: '#9ca3af', empty: '#9ca3af' };

/**
 * One tray image. `template`: black + alpha only (macOS tints it); the badge is cut out of the
 * glyph and its mark cut out of the badge. Otherwise: the glyph in the bar's foreground colour
 * with a coloured badge.
 */
function traySvg(state, variant) {
  const template = variant === 'template';
  const fg = template ? '#000000' : variant === 'dark' ? '#f2f2f2' : '#1f1f1f';
  const hasBadge = state === 'degraded' || state === 'failed' || state === 'paused';
  const okDot = state === 'ok' && !template;
  const { cx, cy, r } = BADGE;
  const cut = hasBadge || okDot ? `<circle cx="${cx}" cy="${cy}" r="${r + 0.9}" fill="black"/>` : '';
  let badge = '';
  if (hasBadge) {
    if (template) {
      badge = `<mask id="m"><rect width="16" height="16" fill="white"/>${badgeMark(state, 'black')}</mask><circle cx="${cx}" cy="${cy}" r="${r}" fill="#000" mask="url(#m)"/>`;
    } else {
      badge = `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${COLORS[state]}"/>${badgeMark(state, '#ffffff')}`;
    }
  } else if (okDot) {
    badge = `<circle cx="${cx}" cy="${cy}" r="${r - 0.6}" fill="${COLORS.ok}"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16">
<defs><mask id="g"><rect width="16" height="16" fill="white"/>${cut}</mask></defs>
<g mask="url(#g)" opacity="${state === 'paused' && !template ? 0.75 : 1}">${glyph(fg, { hollow: state === 'empty' })}</g>${badge}</svg>`;
}

const STATES = ['ok', 'degraded', 'failed', 'paused', 'empty'];
const written = [];
for (const state of STATES) {
  for (const [variant, suffix] of [
    ['template', 'Template'],
    ['light', '-light'],
    ['dark', '-dark'],
  ]) {
    const svg = traySvg(state, variant);
    for (const [scale, tag] of [
      [1, ''],
      [2, '@2x'],
      [3, '@3x'],
    ]) {
      const file = path.join(trayDir, `tray-${state}${suffix}${tag}.png`);
      writeFileSync(file, render(svg, 16 * scale));
      written.push(file);
    }
  }
}

// ---------------------------------------------------------------- the app icon

function appSvg() {
  // macOS-style rounded square with a margin (824 of 1024), hub drawn large in white.
  const hub = glyph('#ffffff');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="1024" height="1024">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#4f46e5"/><stop offset="1" stop-color="#0ea5e9"/></linearGradient></defs>
<rect x="100" y="100" width="824" height="824" rx="185" fill="url(#bg)"/>
<g transform="translate(192 200) scale(40)">${hub}</g></svg>`;
}

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const png = {};
for (const size of SIZES) {
  png[size] = render(appSvg(), size);
  const file = path.join(iconsDir, `icon-${size}.png`);
  writeFileSync(file, png[size]);
  written.push(file);
}
// electron-builder's default names: build icon and Linux icon set.
writeFileSync(path.join(iconsDir, 'icon.png'), png[1024]);
written.push(path.join(iconsDir, 'icon.png'));

/** ICO: a directory of PNG images (supported since Windows Vista). */
function ico(sizes) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  const entries = [];
  const datas = [];
  let offset = 6 + 16 * sizes.length;
  for (const size of sizes) {
    const data = png[size];
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2);
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(e);
    datas.push(data);
  }
  return Buffer.concat([header, ...entries, ...datas]);
}

/** ICNS: typed chunks of PNG data (ic04–ic14 hold PNGs on macOS 10.7+). */
function icns() {
  const types = [
    ['icp4', 16],
    ['icp5', 32],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
    ['ic11', 32],
    ['ic12', 64],
    ['ic13', 256],
    ['ic14', 512],
  ];
  const chunks = types.map(([type, size]) => {
    const data = png[size];
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

writeFileSync(path.join(iconsDir, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]));
writeFileSync(path.join(iconsDir, 'icon.icns'), icns());
written.push(path.join(iconsDir, 'icon.ico'), path.join(iconsDir, 'icon.icns'));
process.stdout.write(`wrote ${written.length} files\n`);
