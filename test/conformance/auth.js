#!/usr/bin/env node
/**
 * The conformance suite's client `auth/*` scenarios with the gateway as the OAuth client
 * (test/conformance/auth-client.mjs is the client command: a real `mcp-gateway serve`, sign-in
 * with `servers login` and a redirect-following $BROWSER, then tools/list and tools/call on /mcp).
 * The suite's 0.2 line (0.2.0-alpha.12, the `conformance-02` alias): each scenario runs at every
 * spec revision it applies to (2025-03-26 back-compat, 2025-11-25, 2026-07-28), extensions once.
 * Every scenario must pass except those in NOT_SUPPORTED (each with the reason); the run also
 * fails when one of those starts passing, so the list stays true. Prints a table.
 * Usage: `node test/conformance/auth.js [--scenario auth/a,auth/b]` (needs `npx tsc -b`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const SHIM = path.join(HERE, 'fs-glob-shim.mjs');
const CLIENT = `${process.execPath} ${path.join(HERE, 'auth-client.mjs')}`;
const LINES = {
  0.2: path.join(ROOT, 'node_modules/conformance-02/dist/index.js'),
};
/** Scenarios run at once: the machine may have two cores only. */
const PARALLEL = 2;
/** Per scenario: a gateway start, two or three CLI runs and a sign-in. */
const TIMEOUT_MS = 180_000;
const REVISIONS = ['2025-03-26', '2025-11-25', '2026-07-28'];

/**
 * What the gateway does not do, by design or not yet; every other auth scenario must pass.
 * Keys are scenario names (any line, any revision).
 */
const NOT_SUPPORTED = {
  'auth/2025-03-26-oauth-endpoint-fallback':
    'by design: the 2025-03-26 fallback to /authorize, /token and /register when the server publishes no metadata at all; the gateway refuses such a server (its PKCE support cannot be checked, and MCP clients must refuse without code_challenge_methods_supported)',
  'auth/client-credentials-jwt':
    'extension: the client_credentials grant with private_key_jwt is machine-to-machine sign-in; the gateway signs a person in with the authorization code flow',
  'auth/client-credentials-basic':
    'extension: the client_credentials grant (machine-to-machine); the gateway signs a person in with the authorization code flow',
  'auth/enterprise-managed-authorization':
    'extension: enterprise-managed authorization (ID-JAG token exchange) is not built',
  'auth/dpop': 'extension: DPoP-bound tokens (RFC 9449) are not built; the gateway uses bearer tokens',
  'auth/dpop-nonce': 'extension: DPoP-bound tokens (RFC 9449) are not built; the gateway uses bearer tokens',
  'auth/wif-jwt-bearer':
    'extension: workload identity federation (JWT bearer grant) is machine-to-machine sign-in, not built',
};

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

async function runScenario(line, name, revision, outDir) {
  const suiteArgs = ['--import', SHIM, LINES[line], 'client', '--command', CLIENT, '--scenario', name];
  suiteArgs.push('--timeout', String(TIMEOUT_MS), '-o', outDir);
  if (revision !== undefined) {
    suiteArgs.push('--spec-version', revision);
  }
  const { output } = await run(process.execPath, suiteArgs);
  const m = /Passed: (\d+)\/(\d+), (\d+) failed, (\d+) warnings/.exec(output);
  const passed = /OVERALL: PASSED/.test(output) && m !== null;
  return {
    line,
    name,
    revision,
    passed,
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
      // At each revision it lists of 2025-03-26, 2025-11-25 and 2026-07-28 (2025-06-18 adds
      // nothing for these); extensions once, at their default.
      const listed = s.revisions.filter((r) => REVISIONS.includes(r));
      for (const revision of listed.length > 0 ? listed : [undefined]) {
        const outDir = path.join(dir, `${jobs.length}`);
        jobs.push(() => runScenario(line, s.name, revision, outDir));
      }
    }
  }
  if (jobs.length === 0) {
    throw new Error(`no auth scenario to run${only ? ` named ${only.join(', ')}` : ''}`);
  }
  const results = await inBatches(jobs, PARALLEL);
  const problems = [];
  console.log('suite | scenario | revision | result | checks | note');
  for (const r of results) {
    const reason = NOT_SUPPORTED[r.name];
    console.log(
      [r.line, r.name, r.revision ?? 'default', r.passed ? 'pass' : 'FAIL', r.checks, reason ?? ''].join(
        ' | ',
      ),
    );
    if (!r.passed && reason === undefined) {
      problems.push(`${r.line} ${r.name} ${r.revision ?? ''}: failed\n${r.output.slice(-4000)}`);
    }
    if (r.passed && reason !== undefined) {
      problems.push(`${r.line} ${r.name} ${r.revision ?? ''}: passes now; remove it from NOT_SUPPORTED`);
    }
  }
  const passing = results.filter((r) => r.passed).length;
  const expected = results.filter((r) => NOT_SUPPORTED[r.name] === undefined).length;
  console.log(`\nconformance auth: ${passing} of ${results.length} scenario runs pass (${expected} must)`);
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
