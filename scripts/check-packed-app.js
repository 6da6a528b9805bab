#!/usr/bin/env node
// Release gate: every app electron-builder packed under <output folder> (Linux and Windows
// `*-unpacked/resources/app`, macOS `*.app/Contents/Resources/app`; the app is not in an asar)
// must contain the dashboard and the bundled CLI, or the installers would open an empty window
// and the stdio bridge would find no CLI; and the tool search's word vectors. Exits 1 and names
// what is missing.
//
//   node scripts/check-packed-app.js release
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const REQUIRED = [
  'dist/renderer/index.html',
  'dist/bundle/mcp-gateway.js',
  'dist/bundle/package.json',
  'dist/bundle/mcp-gateway.cjs',
  // Without it the tool search ranks without word vectors (and warns once).
  'resources/search/word-vectors.bin',
];

const out = path.resolve(process.argv[2] ?? 'release');

/** `resources/app` folders of packed apps, at most a few levels below `dir`. */
function packedApps(dir, depth = 0) {
  if (depth > 4 || !existsSync(dir) || !statSync(dir).isDirectory()) {
    return [];
  }
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (name === 'app' && /[/\\](resources|Resources)$/.test(dir) && statSync(full).isDirectory()) {
      found.push(full);
    } else if (!name.startsWith('.') && statSync(full).isDirectory()) {
      found.push(...packedApps(full, depth + 1));
    }
  }
  return found;
}

const apps = packedApps(out);
if (apps.length === 0) {
  console.error(`check-packed-app: no packed app under ${out} (run electron-builder first)`);
  process.exit(1);
}
let failed = false;
for (const app of apps) {
  const missing = REQUIRED.filter((f) => !existsSync(path.join(app, f)));
  if (missing.length > 0) {
    failed = true;
    console.error(
      `check-packed-app: ${app} lacks ${missing.join(', ')} — was \`npm run build\` run before packing?`,
    );
  } else {
    console.log(`ok ${path.relative(out, app)}`);
  }
}
process.exit(failed ? 1 : 0);
