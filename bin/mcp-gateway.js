#!/usr/bin/env node
// Thin launcher. `npm run build` (run automatically by `npm install`) compiles the CLI to dist/
// and bundles it into dist/bundle/ (a few files instead of ~500: the gateway starts much sooner).
// The bundle is used while it is at least as new as the last compile; after a plain `tsc -b`
// the compiled files are newer and run instead, so a stale bundle never hides a change.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const file = (rel) => fileURLToPath(new URL(rel, import.meta.url));
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
let entry;
if (bundled !== undefined && bundled >= lastCompile) {
  entry = bundle;
} else if (existsSync(compiled)) {
  entry = compiled;
} else {
  process.stderr.write(
    'mcp-gateway is not built yet: run `npm install` (or `npm run build`) in the project folder.\n',
  );
  process.exit(1);
}
await import(pathToFileURL(entry).href);
