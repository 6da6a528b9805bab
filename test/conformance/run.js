#!/usr/bin/env node
/**
 * MCP conformance for the gateway: starts the real engine on 127.0.0.1 with the conformance
 * fixture server behind it, runs every active server scenario of @modelcontextprotocol/conformance
 * against http://127.0.0.1:<port>/mcp/conformance, prints a summary and exits non-zero on any
 * failure. Usage: `node test/conformance/run.js [--scenario <name>]`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const SUITE = path.join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const SHIM = path.join(HERE, 'fs-glob-shim.mjs');
const BACKEND = path.join(ROOT, 'test/fixtures/conformance-backend.mjs');

// Run the engine from its TypeScript sources (no build step needed).
register('../supervisor/ts-loader.mjs', import.meta.url);
const { createEngine } = await import('../../src-main/engine/engine.ts');
const { silentLogger } = await import('../../src-main/engine/telemetry/logger.ts');

const args = process.argv.slice(2);
const scenarioIndex = args.indexOf('--scenario');
const scenario = scenarioIndex >= 0 ? args[scenarioIndex + 1] : undefined;

const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-conformance-'));
const configFile = path.join(dir, 'config.json');
writeFileSync(
  configFile,
  JSON.stringify({ gateway: { supervisor: { pingIntervalMs: 600_000 } }, mcpServers: { conformance: { command: process.execPath, args: [BACKEND] } } }),
);

const engine = await createEngine({
  paths: { configFile, dataDir: path.join(dir, 'data') },
  host: '127.0.0.1',
  port: 0,
  logger: silentLogger,
  watchConfig: false,
  writeRuntimeFile: false,
});

let code = 1;
try {
  // Bounded wait for the backend's tools to reach the catalog.
  for (let i = 0; i < 300 && !engine.ctx.catalog.tools().some((t) => t.server === 'conformance'); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!engine.ctx.catalog.tools().some((t) => t.server === 'conformance')) {
    throw new Error('the conformance backend did not come up behind the gateway');
  }
  const url = `${engine.url}/mcp/conformance`;
  const outDir = path.join(dir, 'results');
  const suiteArgs = ['--import', SHIM, SUITE, 'server', '--url', url, '-o', outDir, ...(scenario ? ['--scenario', scenario] : ['--suite', 'active'])];
  console.log(`conformance: ${url}${scenario ? ` (${scenario})` : ' (active suite)'}`);
  const child = spawn(process.execPath, suiteArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
    process.stdout.write(d);
  });
  child.stderr.on('data', (d) => process.stderr.write(d));
  const exit = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  const failed = /(\d+)\s+failed/i.exec(output);
  code = exit === 0 && (failed === null || failed[1] === '0') ? 0 : 1;
  console.log(code === 0 ? '\nconformance: every scenario passed' : `\nconformance: FAILED (suite exit ${exit})`);
} catch (err) {
  console.error(`conformance: ${err instanceof Error ? err.message : String(err)}`);
  code = 1;
} finally {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
