#!/usr/bin/env node
/**
 * The conformance suite's client `auth/*` scenarios with the gateway as the OAuth client
 * (test/conformance/auth-client.mjs is the client command: a real `mcp-gateway serve`, sign-in
 * with `servers login` and a redirect-following $BROWSER, then tools/list and tools/call on /mcp).
 * Both lines of the suite run and are reported apart: 0.1.16 (the `conformance-01` alias, each
 * scenario at its own revision) and 0.2.0-alpha.12 (`conformance-02`, each scenario at every
 * revision it applies to of 2025-03-26 back-compat, 2025-11-25 and 2026-07-28; extensions once).
 * Each scenario also runs with the official TypeScript SDK's own client talking to the server
 * directly (test/conformance/sdk-auth-client.mjs), for comparison. The run fails when:
 *   - a scenario fails through the gateway that is not in NOT_SUPPORTED (each with its reason),
 *   - one in NOT_SUPPORTED passes (the list stays true).
 * So every scenario the SDK's own client passes passes through the gateway, except the ones
 * NOT_SUPPORTED names: those are counted as gaps unless refused by design (BY_DESIGN).
 * Prints a table and the counts per line.
 * Usage: `node test/conformance/auth.js [--scenario auth/a,auth/b] [--line 0.1|0.2]`
 * (needs `npx tsc -b`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const SHIM = path.join(HERE, 'fs-glob-shim.mjs');
const CLIENTS = {
  gateway: `${process.execPath} ${path.join(HERE, 'auth-client.mjs')}`,
  sdk: `${process.execPath} ${path.join(HERE, 'sdk-auth-client.mjs')}`,
};
const LINES = {
  0.1: path.join(ROOT, 'node_modules/conformance-01/dist/index.js'),
  0.2: path.join(ROOT, 'node_modules/conformance-02/dist/index.js'),
};
/** Scenarios run at once: the machine may have two cores only. */
const PARALLEL = 2;
/** Per scenario: a gateway start, two or three CLI runs and a sign-in. */
const TIMEOUT_MS = 180_000;
const REVISIONS = ['2025-03-26', '2025-11-25', '2026-07-28'];

/**
 * Refused on purpose, even where the SDK's own client goes along. Keys are scenario names (any
 * line, any revision) or `<line> <scenario>` for one line only.
 */
const BY_DESIGN = {
  'auth/2025-03-26-oauth-endpoint-fallback':
    'by design: the 2025-03-26 fallback to /authorize, /token and /register when the server publishes no metadata at all; the gateway refuses such a server (its PKCE support cannot be checked, and MCP clients must refuse without code_challenge_methods_supported)',
};

/** What the gateway does not do, by design or not yet; every other auth scenario must pass. */
const NOT_SUPPORTED = {
  ...BY_DESIGN,
  '0.1 auth/2025-03-26-oauth-metadata-backcompat':
    "the 0.1.16 mock serves authorization-server metadata at the root whose issuer is '<origin>/oauth', which RFC 8414 §3.3 says a client must not use (the SDK's client refuses it too; the 0.2 line's mock was made compliant and passes)",
};

const lookup = (table, line, name) => table[`${line} ${name}`] ?? table[name];

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = option('--scenario')?.split(',');
const lines = option('--line') !== undefined ? [option('--line')] : Object.keys(LINES);

function run(cmd, cmdArgs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The suite's client auth scenarios with the revisions each applies to (`[]` for extensions). */
async function listScenarios(suite) {
  const { output } = await run(process.execPath, ['--import', SHIM, suite, 'list', '--client']);
  const out = [];
  for (const m of output.matchAll(/^\s*- (auth\/[\w-]+) \[([^\]]*)\]/gmu)) {
    const tags = m[2].split(',').map((t) => t.trim());
    out.push({ name: m[1], revisions: tags.filter((t) => /^\d{4}-\d\d-\d\d$/.test(t)) });
  }
  return out;
}

async function runScenario(line, client, name, revision, outDir) {
  const suiteArgs = ['--import', SHIM, LINES[line], 'client', '--command', CLIENTS[client]];
  suiteArgs.push('--scenario', name, '--timeout', String(TIMEOUT_MS), '-o', outDir);
  if (line === '0.2' && revision !== undefined) {
    suiteArgs.push('--spec-version', revision);
  }
  const { output } = await run(process.execPath, suiteArgs);
  const m = /Passed: (\d+)\/(\d+), (\d+) failed, (\d+) warnings/.exec(output);
  return {
    passed: /OVERALL: PASSED/.test(output) && m !== null,
    checks: m ? `${m[1]}/${m[2]}${Number(m[4]) > 0 ? ` (${m[4]} warnings)` : ''}` : 'no result',
    output,
  };
}

async function inBatches(jobs, size) {
  const results = [];
  for (let i = 0; i < jobs.length; i += size) {
    results.push(...(await Promise.all(jobs.slice(i, i + size).map((j) => j()))));
  }
  return results;
}

if (!existsSync(path.join(ROOT, 'dist/src-main/cli/main.js'))) {
  console.error('conformance auth: build the CLI first (`npx tsc -b` or `npm run build`)');
  process.exit(1);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-auth-conformance-out-'));
let code = 1;
try {
  const jobs = [];
  for (const line of lines) {
    for (const s of await listScenarios(LINES[line])) {
      if (only !== undefined && !only.includes(s.name)) {
        continue;
      }
      // 0.1.16 runs each scenario at its own default revision; 0.2 at each revision it lists of
      // 2025-03-26, 2025-11-25 and 2026-07-28 (2025-06-18 adds nothing for these), extensions once.
      const listed = s.revisions.filter((r) => REVISIONS.includes(r));
      for (const revision of line === '0.2' && listed.length > 0 ? listed : [undefined]) {
        const outDir = path.join(dir, `${jobs.length}`);
        jobs.push(async () => ({
          line,
          name: s.name,
          revision,
          gateway: await runScenario(line, 'gateway', s.name, revision, path.join(outDir, 'gateway')),
          sdk: await runScenario(line, 'sdk', s.name, revision, path.join(outDir, 'sdk')),
        }));
      }
    }
  }
  if (jobs.length === 0) {
    throw new Error(`no auth scenario to run${only ? ` named ${only.join(', ')}` : ''}`);
  }
  const results = await inBatches(jobs, PARALLEL);
  const problems = [];
  const verdict = (r) => (r.passed ? 'pass' : 'FAIL');
  console.log('suite | scenario | revision | gateway | checks | SDK client | note');
  for (const r of results) {
    const reason = lookup(NOT_SUPPORTED, r.line, r.name);
    const where = `${r.line} ${r.name} ${r.revision ?? ''}`;
    console.log(
      [
        r.line,
        r.name,
        r.revision ?? 'default',
        r.gateway.passed ? 'pass' : reason !== undefined ? 'not supported' : 'FAIL',
        r.gateway.checks,
        `${verdict(r.sdk)} ${r.sdk.checks}`,
        reason ?? '',
      ].join(' | '),
    );
    if (!r.gateway.passed && reason === undefined) {
      problems.push(`${where}: failed\n${r.gateway.output.slice(-4000)}`);
    }
    if (r.gateway.passed && reason !== undefined) {
      problems.push(`${where}: passes now; remove it from NOT_SUPPORTED`);
    }
  }
  console.log('');
  for (const line of lines) {
    const mine = results.filter((r) => r.line === line);
    if (mine.length === 0) {
      continue;
    }
    const pass = mine.filter((r) => r.gateway.passed).length;
    const unsupported = mine.filter(
      (r) => !r.gateway.passed && lookup(NOT_SUPPORTED, line, r.name) !== undefined,
    ).length;
    const sdk = mine.filter((r) => r.sdk.passed).length;
    const gaps = mine.filter(
      (r) => r.sdk.passed && !r.gateway.passed && lookup(BY_DESIGN, line, r.name) === undefined,
    ).length;
    console.log(
      `conformance auth ${line}: ${mine.length} runs: ${pass} pass, ${mine.length - pass - unsupported} fail, ${unsupported} not supported; the SDK's own client: ${sdk} pass; it passes and the gateway not: ${gaps} (not by design)`,
    );
  }
  if (problems.length === 0) {
    code = 0;
  } else {
    console.log(`\nconformance auth: FAILED\n${problems.join('\n\n')}`);
  }
} catch (err) {
  console.error(`conformance auth: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
