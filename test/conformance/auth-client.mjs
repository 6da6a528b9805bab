#!/usr/bin/env node
/**
 * The client command for the conformance suite's `auth/*` client scenarios, with the gateway as
 * the OAuth client. The suite starts its own MCP server and authorization server and runs
 *   node test/conformance/auth-client.mjs <server URL>
 * with MCP_CONFORMANCE_SCENARIO (and MCP_CONFORMANCE_CONTEXT for pre-registered credentials).
 * This does what a person does, with the real built CLI:
 *   1. `mcp-gateway serve` in a fresh MCP_GATEWAY_HOME (secrets in the file fallback, client
 *      tokens off: the suite is about the gateway's own sign-in, not its clients);
 *   2. a client secret, when the scenario gives one, with `secrets set`; the server entry is
 *      written into the config file (the gateway picks it up) and must reach `needs-sign-in`
 *      (a machine account's, `auth/client-credentials-*`: `oauth.grant` client_credentials
 *      with its secret or private key in the keychain, and a workload's, `auth/wif-jwt-bearer`:
 *      `jwt_bearer` with its JWT in the keychain, run at once without a browser; enterprise-managed
 *      authorization, `auth/enterprise-managed-authorization`: `oauth.enterprise` with the IdP's
 *      ID token in a file, as SSO tooling keeps it);
 *   3. `mcp-gateway servers login target` with $BROWSER set to a program that follows the
 *      authorization server's redirects (it approves at once) back to the gateway's callback;
 *   4. an MCP client lists tools on the gateway's /mcp and calls the scenario's `test-tool`.
 *      When the call fails because the server asks for sign-in again (step-up), it signs in
 *      again while the gateway says the server needs it — the gateway's own step-up limit, not
 *      this script, is what ends a scenario whose server never accepts (at most 5 rounds here).
 * Exits 0 when the tool call succeeded. Everything started here is stopped by its pid.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const GATEWAY = path.join(ROOT, 'bin/mcp-gateway.js');
const BROWSER = `${process.execPath} ${path.join(ROOT, 'test/fixtures/follow-redirect-browser.mjs')}`;
/**
 * The Client ID Metadata Document URL the suite's scenarios accept (the authorization server
 * does not fetch it). Configured for every scenario, as a user would: the gateway uses it only
 * where the authorization server advertises `client_id_metadata_document_supported`.
 */
const CIMD_URL = 'https://conformance-test.local/client-metadata.json';
const SERVER = 'target';
const MAX_ROUNDS = 5;

const serverUrl = process.argv.at(-1);
const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}');
const say = (line) => process.stderr.write(`[auth-client ${scenario}] ${line}\n`);

const home = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-auth-conformance-'));
const configFile = path.join(home, 'config.json');
// The secrets store's file fallback, never the desktop keychain of whoever runs the tests.
const env = {
  ...process.env,
  MCP_GATEWAY_HOME: home,
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
  BROWSER: '',
  MCP_GATEWAY_URL: '',
  MCP_GATEWAY_TOKEN: '',
};
const gatewayConfig = {
  clientAuth: 'off',
  secrets: { allowFileFallback: true },
  supervisor: { pingIntervalMs: 600_000 },
};

/** Runs the CLI; resolves with its exit code and output. */
function cli(args, extraEnv = {}, input) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [GATEWAY, ...args], {
      env: { ...env, ...extraEnv },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (input !== undefined) {
      child.stdin.end(input);
    }
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function startGateway() {
  writeFileSync(configFile, JSON.stringify({ gateway: gatewayConfig, mcpServers: {} }, null, 2));
  const child = spawn(process.execPath, [GATEWAY, 'serve', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const runtime = path.join(home, 'data/gateway.json');
  for (let i = 0; i < 300 && child.exitCode === null; i++) {
    if (existsSync(runtime)) {
      const info = JSON.parse(readFileSync(runtime, 'utf8'));
      return { child, url: info.url, output: () => output };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the gateway did not start:\n${output}`);
}

/** The server's state from the control API (what the dashboard shows), with the admin token. */
async function serverState() {
  const token = readFileSync(path.join(home, 'data/admin-token'), 'utf8').trim();
  const res = await fetch(`${gateway.url}/api/v1/servers/${SERVER}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = await res.json().catch(() => ({}));
  return res.ok ? body : { state: 'unknown', reason: JSON.stringify(body).slice(0, 300) };
}

/** Bounded wait until the server is in one of `states`. */
async function waitForState(states) {
  let s;
  for (let i = 0; i < 240; i++) {
    s = await serverState();
    if (states.includes(s.state)) {
      return s;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`'${SERVER}' did not reach ${states.join(' or ')}: ${JSON.stringify(s)}`);
}

async function login() {
  const r = await cli(['servers', 'login', SERVER], { BROWSER });
  say(`servers login → ${r.code}\n${r.stdout}${r.stderr}`.trim());
  return r.code === 0 ? 'ok' : /asks you to sign in again/.test(r.stderr) ? 'again' : 'failed';
}

async function callThroughGateway(url) {
  const client = new Client({ name: 'auth-conformance', version: '1.0.0' }, { capabilities: {} });
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`));
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'test-tool' || t.name.endsWith('test-tool'));
    if (tool === undefined) {
      throw new Error(`no test-tool among the gateway's tools: ${tools.map((t) => t.name).join(', ')}`);
    }
    const result = await client.callTool({ name: tool.name, arguments: {} });
    if (result.isError === true) {
      throw new Error(`the call failed: ${JSON.stringify(result.content).slice(0, 500)}`);
    }
    say(`called ${tool.name}`);
  } finally {
    await client.close();
  }
}

let gateway;
let code = 1;
try {
  if (serverUrl === undefined || !/^https?:\/\//.test(serverUrl)) {
    throw new Error('usage: auth-client.mjs <server URL>');
  }
  gateway = await startGateway();
  let oauth = { clientMetadataUrl: CIMD_URL };
  const machine = /^auth\/client-credentials-/.test(scenario);
  if (scenario === 'auth/wif-jwt-bearer') {
    // Workload identity: the platform's JWT goes into the keychain, the entry names it.
    const set = await cli(['secrets', 'set', 'conformance-workload-jwt'], {}, context.valid_jwt);
    if (set.code !== 0) {
      throw new Error(`secrets set failed: ${set.stderr}`);
    }
    oauth = {
      grant: 'jwt_bearer',
      clientId: context.client_id,
      assertion: '${secret:conformance-workload-jwt}',
    };
  } else if (
    scenario === 'auth/enterprise-managed-authorization' ||
    scenario === 'auth/cross-app-access-complete-flow'
  ) {
    // Enterprise-managed authorization: the user's SSO tooling keeps the ID token in a file; the
    // gateway's secret at the authorization server goes into the keychain.
    const idTokenFile = path.join(home, 'id-token');
    writeFileSync(idTokenFile, context.idp_id_token, { mode: 0o600 });
    const set = await cli(['secrets', 'set', 'conformance-client-secret'], {}, context.client_secret);
    if (set.code !== 0) {
      throw new Error(`secrets set failed: ${set.stderr}`);
    }
    oauth = {
      clientId: context.client_id,
      clientSecret: '${secret:conformance-client-secret}',
      enterprise: {
        idpTokenEndpoint: context.idp_token_endpoint,
        clientId: context.idp_client_id,
        idTokenFile,
      },
    };
  } else if (machine) {
    // A machine account: the secret or the private key goes into the keychain, the entry names it.
    oauth = { grant: 'client_credentials', clientId: context.client_id };
    const [name, value] =
      typeof context.private_key_pem === 'string'
        ? ['conformance-private-key', context.private_key_pem]
        : ['conformance-client-secret', context.client_secret];
    const set = await cli(['secrets', 'set', name], {}, value);
    if (set.code !== 0) {
      throw new Error(`secrets set failed: ${set.stderr}`);
    }
    if (typeof context.private_key_pem === 'string') {
      oauth.privateKey = `\${secret:${name}}`;
      if (typeof context.signing_algorithm === 'string') {
        oauth.signingAlgorithm = context.signing_algorithm;
      }
    } else {
      oauth.clientSecret = `\${secret:${name}}`;
    }
  } else if (typeof context.client_id === 'string') {
    oauth.clientId = context.client_id;
    if (typeof context.client_secret === 'string') {
      const set = await cli(['secrets', 'set', 'conformance-client-secret'], {}, context.client_secret);
      if (set.code !== 0) {
        throw new Error(`secrets set failed: ${set.stderr}`);
      }
      oauth.clientSecret = '${secret:conformance-client-secret}';
    }
  }
  writeFileSync(
    configFile,
    JSON.stringify({ gateway: gatewayConfig, mcpServers: { [SERVER]: { url: serverUrl, oauth } } }, null, 2),
  );
  const first = await waitForState(['needs-sign-in', 'running', 'error']);
  say(`server state: ${first.state}${first.reason ? ` (${first.reason})` : ''}`);
  for (let round = 1; ; round++) {
    const s = await serverState();
    if (s.state === 'needs-sign-in') {
      if (round > MAX_ROUNDS) {
        throw new Error(`still asked to sign in after ${MAX_ROUNDS} sign-ins`);
      }
      // A sign-in the server answers with another step-up comes back here while it asks.
      const outcome = await login();
      if (outcome === 'failed') {
        throw new Error('the sign-in failed');
      }
      if (outcome === 'again') {
        continue;
      }
    }
    try {
      await callThroughGateway(gateway.url);
      code = 0;
      break;
    } catch (err) {
      say(`tool call: ${err instanceof Error ? err.message : String(err)}`);
      const after = await serverState();
      if (after.state !== 'needs-sign-in' || round >= MAX_ROUNDS) {
        throw err;
      }
    }
  }
} catch (err) {
  say(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  if (gateway !== undefined && gateway.child.exitCode === null) {
    const exited = new Promise((r) => gateway.child.once('exit', r));
    gateway.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (code !== 0) {
      say(`gateway output:\n${gateway.output().slice(-3000)}`);
    }
  }
  rmSync(home, { recursive: true, force: true });
}
process.exit(code);
