#!/usr/bin/env node
// Thin launcher. `npm run build` (run automatically by `npm install`) compiles the CLI to dist/
// and bundles it into dist/bundle/ (a few files instead of ~500: the gateway starts much sooner).
// The bundle is used while it is at least as new as the last compile; after a plain `tsc -b`
// the compiled files are newer and run instead, so a stale bundle never hides a change.
// CommonJS (see bin/package.json), like the bundle's launcher: Node starts a CommonJS entry
// about 10 ms sooner than an ES module, and every start of the gateway goes through here.
'use strict';
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const file = (rel) => path.join(__dirname, rel);
const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
};

const bundle = file('../dist/bundle/mcp-gateway.js');
const compiled = file('../dist/src-main/cli/main.js');
const bundled = mtime(bundle);
const lastCompile = Math.max(
  mtime(file('../dist/.tsbuild/node.tsbuildinfo')) ?? 0,
  mtime(file('../dist/.tsbuild/shared.tsbuildinfo')) ?? 0,
);
if (bundled !== undefined && bundled >= lastCompile && existsSync(file('../dist/bundle/package.json'))) {
  require(bundle);
} else if (existsSync(compiled)) {
  import(pathToFileURL(compiled).href).catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
    process.exit(1);
  });
} else {
  process.stderr.write(
    'mcp-gateway is not built yet: run `npm install` (or `npm run build`) in the project folder.\n',
  );
  process.exit(1);
}
