#!/usr/bin/env node
// Bundles the `mcp-gateway` CLI and the engine (src-main/cli/main.ts and everything it imports,
// dependencies included) into a few ES modules under dist/bundle/, which bin/mcp-gateway.js
// loads. Node then reads and compiles a handful of files instead of ~500, which is most of the
// gateway's start-up time. Dynamic imports stay separate chunks, so `serve` loads its HTTP stack
// only after the servers have been spawned, and the CLI's other commands load only their own code.
// Part of `npm run build`; source maps point at the TypeScript sources
// (`node --enable-source-maps bin/mcp-gateway.js …` uses them in stack traces).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--out=<dir>` (tests): another folder inside the project, so the bundle still finds
// package.json, node_modules and dist/renderer by walking up.
const outArg = process.argv.slice(2).find((a) => a.startsWith('--out='));
const outDir = outArg ? path.resolve(outArg.slice('--out='.length)) : path.join(root, 'dist', 'bundle');

// CommonJS dependencies (write-file-atomic, express's helpers) read these; ES modules have none.
const banner = [
  "import { fileURLToPath as __bundleFileUrl } from 'node:url';",
  'const __filename = __bundleFileUrl(import.meta.url);',
  "const __dirname = __bundleFileUrl(new URL('.', import.meta.url));",
].join(' ');

const started = Date.now();
rmSync(outDir, { recursive: true, force: true });
await build({
  input: { 'mcp-gateway': path.join(root, 'src-main', 'cli', 'main.ts') },
  platform: 'node',
  tsconfig: path.join(root, 'tsconfig.node.json'),
  resolve: {
    // The sources import `./x.js` for `./x.ts` (NodeNext style).
    extensionAlias: { '.js': ['.ts', '.js'] },
    // jsonc-parser's `main` is a UMD build with runtime requires; its ES build bundles cleanly.
    mainFields: ['module', 'main'],
  },
  external: [
    /^node:/,
    // Native addon: loaded from node_modules at run time.
    /^@napi-rs\/keyring/,
    // Loaded on first use with createRequire (60 MB of tables that most gateways never need).
    /^gpt-tokenizer/,
    'electron',
  ],
  logLevel: 'warn',
  output: {
    dir: outDir,
    format: 'esm',
    // Smaller files parse faster; names are kept (readable stack traces, code that reads .name).
    // Smaller files parse faster; names are kept (readable stack traces, code that reads .name).
    minify: { compress: true, mangle: false },
    sourcemap: true,
    banner,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
  },
});
process.stdout.write(`bundled the CLI into ${path.relative(root, outDir)}/ in ${Date.now() - started} ms\n`);
