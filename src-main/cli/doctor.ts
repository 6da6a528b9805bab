import { readFile, stat } from 'node:fs/promises';
import net from 'node:net';

import { createApiClient } from '../../src-shared/api/client.js';
import { health, listServers } from '../../src-shared/api/routes.js';
import type { ServerSummary } from '../../src-shared/api/schemas.js';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type GatewayConfig,
  sleepAfterMsOf,
  transportOf,
} from '../../src-shared/config.js';
import { resolveCommand } from '../engine/backends/index.js';
import { createClientManager } from '../engine/clients/index.js';
import { parseConfigText, referencedEnvVars } from '../engine/config/index.js';
import { defaultBridgeCommand, defaultPaths } from '../engine/paths.js';
import { loadSecrets } from '../engine/security/index.js';
import { silentLogger } from '../engine/telemetry/index.js';
import { findGateway } from './connection.js';

/**
 * `mcp-gateway doctor`: finds what stops the gateway or a server from working and says how to
 * fix each thing. Works with or without a running gateway.
 */

type CheckStatus = 'ok' | 'info' | 'warn' | 'fail';

export interface Check {
  check: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

export interface DoctorOptions {
  config?: string;
  url?: string;
  env?: NodeJS.ProcessEnv;
  /** Skip the keychain probe (it writes and deletes a test entry). */
  keychain?: boolean;
}

function portFree(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    srv.listen(port, host, () => srv.close(() => resolve(undefined)));
  });
}

const SECRET_REF = /\$\{secret:[^}]+\}/;

export async function runDoctor(options: DoctorOptions = {}): Promise<Check[]> {
  const env = options.env ?? process.env;
  const checks: Check[] = [];
  const target = await findGateway(options.url, env);
  const configFile = options.config ?? target.runtime?.configFile ?? defaultPaths(env).configFile;

  // 1. The config file.
  let config: GatewayConfig | undefined;
  let text: string | undefined;
  try {
    text = await readFile(configFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      checks.push({
        check: 'config',
        status: 'info',
        message: `no config file yet at ${configFile}`,
        fix: 'it is created when the gateway starts or you add a server (`mcp-gateway servers add`)',
      });
    } else {
      checks.push({
        check: 'config',
        status: 'fail',
        message: `cannot read ${configFile}: ${(err as Error).message}`,
        fix: 'check the file permissions',
      });
    }
  }
  if (text !== undefined) {
    const parsed = parseConfigText(text);
    if (parsed.ok) {
      config = parsed.config;
      checks.push({
        check: 'config',
        status: 'ok',
        message: `${configFile} is valid (${Object.keys(config.mcpServers).length} server(s))`,
      });
    } else {
      const at = parsed.problem.line ? `:${parsed.problem.line}:${parsed.problem.column ?? 1}` : '';
      checks.push({
        check: 'config',
        status: 'fail',
        message: `${configFile}${at}: ${parsed.problem.message}`,
        fix: 'fix that line; a running gateway keeps its last good config and picks up the fix by itself',
      });
    }
  }

  // 2. The running gateway and 3. the port.
  const host = config?.gateway.host ?? DEFAULT_HOST;
  const port = config?.gateway.port ?? DEFAULT_PORT;
  let running = false;
  let live: ServerSummary[] = [];
  if (target.token !== undefined) {
    try {
      const api = createApiClient({
        baseUrl: target.baseUrl,
        token: target.token,
        fetch: (url, init) =>
          fetch(url, { ...(init as RequestInit), signal: AbortSignal.timeout(5_000) }) as never,
      });
      const h = await api.call(health);
      running = true;
      live = (await api.call(listServers).catch(() => ({ servers: [] }))).servers;
      checks.push({
        check: 'gateway',
        status: 'ok',
        message: `running at ${target.baseUrl} (version ${h.version}, ${h.health})`,
      });
    } catch (err) {
      const unreachable = (err as Error).name === 'GatewayUnreachableError';
      checks.push({
        check: 'gateway',
        status: unreachable ? 'info' : 'warn',
        message: unreachable
          ? `not running at ${target.baseUrl}`
          : `${target.baseUrl} answered: ${(err as Error).message}`,
        ...(unreachable ? { fix: 'start it with `mcp-gateway serve` (or the desktop app)' } : {}),
      });
    }
  } else {
    checks.push({
      check: 'gateway',
      status: 'info',
      message: `no admin token at ${target.tokenFile}: the gateway has not run yet as this user`,
      fix: 'start it with `mcp-gateway serve` (or the desktop app)',
    });
  }
  const ours = running && target.runtime !== undefined && target.runtime.port === port;
  if (ours) {
    checks.push({ check: 'port', status: 'ok', message: `port ${port} is used by this gateway` });
  } else {
    const err = await portFree(host, port);
    if (err === undefined) {
      checks.push({ check: 'port', status: 'ok', message: `port ${port} on ${host} is free` });
    } else if (err.code === 'EADDRINUSE') {
      checks.push({
        check: 'port',
        status: running ? 'info' : 'fail',
        message: `port ${port} on ${host} is in use${running ? ' (by the gateway at ' + target.baseUrl + '?)' : ' by another program'}`,
        fix: `pick a free one: "gateway": { "port": ${port + 1} } in the config, or \`mcp-gateway serve --port ${port + 1}\``,
      });
    } else {
      checks.push({
        check: 'port',
        status: 'fail',
        message: `cannot listen on ${host}:${port}: ${err.message}`,
        fix: 'use a port above 1024 and a host of this machine (127.0.0.1)',
      });
    }
  }

  // 4. The admin token file.
  if (target.token !== undefined && process.platform !== 'win32') {
    try {
      const st = await stat(target.tokenFile);
      if ((st.mode & 0o077) !== 0) {
        checks.push({
          check: 'token',
          status: 'warn',
          message: `${target.tokenFile} can be read by other users`,
          fix: `chmod 600 ${target.tokenFile}`,
        });
      } else {
        checks.push({ check: 'token', status: 'ok', message: 'admin token file is private (0600)' });
      }
    } catch {
      // The token came from MCP_GATEWAY_TOKEN: nothing on disk to check.
    }
  }

  // 5. Each server: command on PATH, referenced variables set.
  let usesSecrets = false;
  for (const [name, s] of Object.entries(config?.mcpServers ?? {})) {
    if (JSON.stringify(s).match(SECRET_REF)) {
      usesSecrets = true;
    }
    if (s.disabled) {
      continue;
    }
    if (s.command !== undefined && !s.command.includes('${')) {
      try {
        const file = resolveCommand(s.command, { pathEnv: env.PATH, pathExt: env.PATHEXT, cwd: s.cwd });
        checks.push({ check: `server ${name}`, status: 'ok', message: `command "${s.command}" is ${file}` });
      } catch (err) {
        checks.push({
          check: `server ${name}`,
          status: 'fail',
          message: (err as Error).message,
          fix: `install it, or set "mcpServers.${name}.command" to its full path`,
        });
      }
    }
    const missing = referencedEnvVars(s).filter((v) => env[v] === undefined);
    for (const v of missing) {
      checks.push({
        check: `server ${name}`,
        status: 'fail',
        message: `uses \${${v}}, which is not set in this environment`,
        fix: `set ${v} where the gateway starts, or keep it in the keychain and write \${secret:${v}} instead`,
      });
    }
  }

  // 5b. Sleep: which local servers never sleep when idle, and why.
  checks.push(...sleepChecks(config, live));

  // 6. The keychain (only matters when secrets are referenced), and the secrets the config names.
  if (options.keychain !== false) {
    const { probeKeychain } = await loadSecrets();
    const probe = await probeKeychain({ timeoutMs: 3_000 });
    const fileFallback = config?.gateway.secrets?.allowFileFallback === true;
    if (probe.ok) {
      checks.push({ check: 'keychain', status: 'ok', message: `${probe.backend} works` });
    } else {
      checks.push({
        check: 'keychain',
        status: usesSecrets && !fileFallback ? 'fail' : 'info',
        message: usesSecrets
          ? `the config uses \${secret:...} but ${probe.backend} is not usable${fileFallback ? ' (the consented secrets file is used instead)' : ''}`
          : `${probe.backend} is not usable (only needed for \${secret:...} values)`,
        ...(probe.reason && !fileFallback ? { fix: probe.reason } : {}),
      });
    }
    if (usesSecrets && (probe.ok || fileFallback)) {
      checks.push(...(await missingSecrets(config, defaultPaths(env).dataDir, fileFallback)));
    }
  }
  // 7. AI clients: do their configs point at this gateway?
  checks.push(
    ...(await clientChecks(
      env,
      target.runtime?.url ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    )),
  );
  return checks;
}

/** `${secret:NAME}` references whose secret is not stored. */
async function missingSecrets(
  config: GatewayConfig | undefined,
  dataDir: string,
  allowFileFallback: boolean,
): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const { findSecretRefs, openSecretStore } = await loadSecrets();
    const store = await openSecretStore({ dataDir, allowFileFallback, timeoutMs: 3_000 });
    const stored = new Set(await store.list());
    for (const [name, server] of Object.entries(config?.mcpServers ?? {})) {
      for (const secret of findSecretRefs(server).filter((n) => !stored.has(n))) {
        checks.push({
          check: `server ${name}`,
          status: server.disabled ? 'info' : 'fail',
          message: `uses \${secret:${secret}}, which is not stored in ${store.description}`,
          fix: `\`mcp-gateway secrets set ${secret}\` (or add it in the app's server settings)`,
        });
      }
    }
  } catch (err) {
    checks.push({
      check: 'secrets',
      status: 'warn',
      message: `could not list stored secrets: ${(err as Error).message}`,
    });
  }
  return checks;
}

async function clientChecks(env: NodeJS.ProcessEnv, gatewayOrigin: string): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const manager = createClientManager({
      env,
      platform: process.platform,
      dataDir: defaultPaths(env).dataDir,
      gatewayUrl: `${gatewayOrigin}/mcp`,
      bridgeCommand: defaultBridgeCommand(),
      logger: silentLogger,
      clock: { now: () => Date.now() },
    });
    const { clients } = await manager.detect();
    for (const c of clients.filter((x) => x.installed || x.hasConfig)) {
      for (const f of c.files.filter((x) => x.problem !== undefined)) {
        const at = f.problem?.line ? `:${f.problem.line}:${f.problem.column ?? 1}` : '';
        checks.push({
          check: `client ${c.id}`,
          status: 'warn',
          message: `${f.file}${at}: ${f.problem?.message ?? ''}`,
          fix: `fix that file; the gateway never writes a file it cannot parse`,
        });
      }
      if (c.connected) {
        checks.push({ check: `client ${c.id}`, status: 'ok', message: `${c.name} points at the gateway` });
      } else if (c.files.some((f) => f.hasGatewayEntry)) {
        checks.push({
          check: `client ${c.id}`,
          status: 'warn',
          message: `${c.name} has a gateway entry that does not point at ${gatewayOrigin}`,
          fix: `\`mcp-gateway clients connect ${c.id}\` updates it (with a backup)`,
        });
      } else {
        checks.push({
          check: `client ${c.id}`,
          status: 'info',
          message: `${c.name} is not connected to the gateway`,
          fix: `\`mcp-gateway clients connect ${c.id}\` (preview with --dry-run)`,
        });
      }
    }
  } catch (err) {
    checks.push({
      check: 'clients',
      status: 'warn',
      message: `could not look at client configs: ${(err as Error).message}`,
    });
  }
  return checks;
}

/**
 * Local servers that stay awake while idle hold their memory: say which and why (from the config,
 * and from the running gateway, which knows about open resource subscriptions).
 */
function sleepChecks(config: GatewayConfig | undefined, live: ServerSummary[]): Check[] {
  const checks: Check[] = [];
  if (config === undefined) {
    return checks;
  }
  const byName = new Map(live.map((s) => [s.name, s]));
  for (const [name, s] of Object.entries(config.mcpServers)) {
    if (s.disabled === true || transportOf(s) !== 'stdio') {
      continue;
    }
    const blockers = byName.get(name)?.sleepBlockers ?? [];
    if (s.keepAwake === true) {
      checks.push({
        check: `server ${name}`,
        status: 'info',
        message: 'never sleeps when idle: keepAwake is set',
        fix: `remove "mcpServers.${name}.keepAwake" to let it sleep when idle (it starts again on first use)`,
      });
    } else if (sleepAfterMsOf(s, config.gateway) === 0) {
      checks.push({
        check: `server ${name}`,
        status: 'info',
        message: `never sleeps when idle: sleepAfterMs is 0${s.sleepAfterMs === undefined ? ' (gateway.sleepAfterMs)' : ''}`,
        fix: `set "mcpServers.${name}.sleepAfterMs" (e.g. 600000 for 10 minutes) to let it sleep when idle`,
      });
    } else if (blockers.length > 0) {
      checks.push({
        check: `server ${name}`,
        status: 'info',
        message: `cannot sleep now: ${blockers.join('; ')}`,
        fix: 'it sleeps once the client closes its resource subscriptions (or disconnects)',
      });
    }
  }
  return checks;
}
