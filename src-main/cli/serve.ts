/**
 * `mcp-gateway serve`: the headless gateway in the foreground. Prints where to connect and
 * what to do next; Ctrl-C stops every server cleanly.
 */
import path from 'node:path';

import { isGatewayError } from '../../src-shared/errors.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { ADMIN_TOKEN_FILE } from '../engine/security/index.js';
import { createLogger, installProcessGuards } from '../engine/telemetry/index.js';
import type { LogLevel } from '../engine/types.js';

export interface ServeOptions {
  config?: string;
  port?: number;
  host?: string;
  logLevel?: string;
  /** Log lines as JSON (for log collectors). */
  jsonLogs?: boolean;
}

const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

/**
 * The start banner. The dashboard link carries the admin token, so it is printed only to a
 * terminal: redirected output ends up in journald, CI logs and log files. There the banner says
 * where the token is instead.
 */
function startBanner(engine: Engine, options: { showToken?: boolean } = {}): string {
  const showToken = options.showToken ?? process.stdout.isTTY === true;
  const tokenFile = path.join(engine.paths.dataDir, ADMIN_TOKEN_FILE);
  const dashboard = showToken
    ? [`  Dashboard      ${engine.uiUrl}`]
    : [
        `  Dashboard      ${engine.url}/ui/`,
        `                 open ${engine.url}/ui/#token=<token>, with the token from ${tokenFile}`,
        '                 (the link with the token is printed only on a terminal)',
      ];
  const servers = Object.keys(engine.currentConfig().mcpServers);
  const problem = engine.configProblem();
  const lines = [
    '',
    `  MCP Gateway ${engine.version} is running`,
    '',
    `  MCP endpoint   ${engine.mcpUrl}`,
    ...dashboard,
    `  Config file    ${engine.paths.configFile}`,
    '',
  ];
  if (problem) {
    lines.push(
      `  ! The config file has a problem${problem.line ? ` at line ${problem.line}` : ''}: ${problem.message}`,
      '    No servers were started. Fix the file; the gateway picks up the change by itself.',
      '',
    );
  } else if (servers.length === 0) {
    lines.push(
      '  No servers yet. Add one:',
      '    mcp-gateway servers add memory -- npx -y @modelcontextprotocol/server-memory',
      `  or paste your "mcpServers" block from Claude Desktop or Cursor into the config file.`,
      '',
    );
  } else {
    lines.push(`  Starting ${servers.length} server(s): ${servers.join(', ')}`, '');
  }
  const auth = engine.currentConfig().gateway.clientAuth !== 'off';
  if (auth) {
    lines.push(
      '  Connect a client (each one needs its own client token):',
      "    mcp-gateway clients connect <client>     writes the entry and its token into the client's config",
      '    mcp-gateway clients list                 the clients found on this machine',
      '  or by hand: mcp-gateway clients tokens create <name> prints a token, then',
      `    Claude Code   claude mcp add --transport http gateway ${engine.mcpUrl} --header "Authorization: Bearer <token>"`,
      `    Cursor        { "mcpServers": { "gateway": { "url": "${engine.mcpUrl}", "headers": { "Authorization": "Bearer <token>" } } } }`,
      '    Claude Desktop (stdio only)',
      `                  { "command": "mcp-gateway", "args": ["stdio", "--url", "${engine.mcpUrl}", "--token-file", "<file holding the token>"] }`,
      '',
    );
  } else {
    lines.push(
      '  Connect a client (client tokens are off: any local process may call every tool):',
      `    Claude Code   claude mcp add --transport http gateway ${engine.mcpUrl}`,
      `    Cursor        { "mcpServers": { "gateway": { "url": "${engine.mcpUrl}" } } }`,
      '    Claude Desktop (stdio only)',
      `                  { "command": "mcp-gateway", "args": ["stdio", "--url", "${engine.mcpUrl}"] }`,
      '    or let the gateway find your clients: mcp-gateway clients list, then clients connect <client>',
      '',
    );
  }
  lines.push('  Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

export async function runServe(opts: ServeOptions): Promise<void> {
  const level = (opts.logLevel ?? process.env.MCP_GATEWAY_LOG_LEVEL ?? 'info') as LogLevel;
  if (!LEVELS.has(level)) {
    process.stderr.write(`unknown log level '${level}': use debug, info, warn or error\n`);
    process.exit(1);
  }
  const logger = createLogger({ level, format: opts.jsonLogs ? 'json' : 'pretty' });
  installProcessGuards(logger);
  let engine: Engine;
  try {
    engine = await createEngine({
      ...(opts.config ? { paths: { configFile: opts.config } } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.host ? { host: opts.host } : {}),
      logger,
    });
  } catch (err) {
    process.stderr.write(`mcp-gateway: ${isGatewayError(err) ? err.message : String(err)}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write('stopping now (second signal)\n');
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`\n${signal}: stopping servers…\n`);
    engine.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  // Only now: whoever reads the banner may stop the gateway at once, and must find it ready to.
  process.stdout.write(startBanner(engine) + '\n');
}
