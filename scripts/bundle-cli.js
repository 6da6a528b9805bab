#!/usr/bin/env node
// Bundles the `mcp-gateway` CLI and the engine (src-main/cli/main.ts and everything it imports,
// dependencies included) into a few CommonJS files under dist/bundle/, plus the launcher
// (scripts/bundle-launcher.js → dist/bundle/mcp-gateway.js) that bin/mcp-gateway.js runs.
// Node then reads and compiles a handful of files instead of ~500, and the launcher keeps V8's
// code cache for them, which together are most of the gateway's start-up time. Dynamic imports
// stay separate chunks, so `serve` loads its HTTP stack only after the servers have been
// spawned, and the CLI's other commands load only their own code. CommonJS rather than ES
// modules because only scripts can use a code cache on Node 20. Part of `npm run build`; source
// maps point at the TypeScript sources (`node --enable-source-maps bin/mcp-gateway.js …`).
// Finally it starts the bundled gateway once (no servers, a throwaway home, port 0 on
// 127.0.0.1) so the first real start already finds a code cache (see bundle-launcher.js).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// `--out=<dir>` (tests): another folder inside the project, so the bundle still finds
// package.json, node_modules and dist/renderer by walking up.
const outArg = process.argv.slice(2).find((a) => a.startsWith('--out='));
const outDir = outArg ? path.resolve(outArg.slice('--out='.length)) : path.join(root, 'dist', 'bundle');

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
  // connection.ts is shared by most commands; that its dynamic import stays in their chunk is fine.
  checks: { ineffectiveDynamicImport: false },
  output: {
    dir: outDir,
    format: 'cjs',
    // Smaller files parse faster; names are kept (readable stack traces, code that reads .name).
    minify: { compress: true, mangle: false },
    sourcemap: true,
    entryFileNames: '[name].cjs',
    chunkFileNames: 'chunks/[name]-[hash].cjs',
  },
});
copyFileSync(path.join(root, 'scripts', 'bundle-launcher.js'), path.join(outDir, 'mcp-gateway.js'));
// The launcher is CommonJS in a package whose files are ES modules.
writeFileSync(path.join(outDir, 'package.json'), '{ "type": "commonjs" }\n');

/** Start the bundled gateway once and stop it, so its code cache is written. Best effort. */
async function warmUp() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'mcp-gateway-warm-up-'));
  const configFile = path.join(home, 'config.json');
  writeFileSync(configFile, '{ "mcpServers": {} }\n');
  const child = spawn(
    process.execPath,
    [
      path.join(outDir, 'mcp-gateway.js'),
      'serve',
      '--config',
      configFile,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    ],
    { env: { ...process.env, MCP_GATEWAY_HOME: home, MCP_GATEWAY_BUNDLE_WARM_UP: '1' }, stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const runtime = path.join(home, 'data', 'gateway.json');
    // Bounded at 60 s: a loaded machine can take several seconds to start it.
    for (let i = 0; i < 3_000 && !existsSync(runtime) && child.exitCode === null; i += 1) {
      await sleep(20);
    }
  } finally {
    child.kill('SIGTERM');
    // The cache is written as it exits; a kill before that would lose it.
    await Promise.race([exited, sleep(20_000)]);
    child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
}
await warmUp().catch(() => undefined);
process.stdout.write(`bundled the CLI into ${path.relative(root, outDir)}/ in ${Date.now() - started} ms\n`);
