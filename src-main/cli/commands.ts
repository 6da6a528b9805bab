import type { Command } from 'commander';

import type { ApiClient } from '../../src-shared/api/client.js';
import {
  addServer,
  allowServerKeys,
  approveServer,
  callTool,
  disableServer,
  disableTool,
  enableServer,
  enableTool,
  exportConfig,
  getServer,
  health,
  listServers,
  listSessions,
  listTools,
  recentCalls,
  removeServer,
  resetServerCircuit,
  restartServer,
  serverLogs,
  serverLogStream,
  sleepServer,
  wakeServer,
} from '../../src-shared/api/routes.js';
import type { ServerSummary } from '../../src-shared/api/schemas.js';
import type { ServerConfig } from '../../src-shared/config.js';
import type { LogLine } from '../../src-shared/events.js';
import { countStates, formatMiB, memorySaved } from '../../src-shared/states.js';
import { connect } from './connection.js';
import { CliError, clock, duration, printJson, printTable, terminalSafe } from './output.js';
import { registerTrustCommands } from './trust.js';

/** The commands that talk to a running gateway over its control API. */

export interface GatewayOpts {
  url?: string;
  json?: boolean;
}

/** Add `--url` (where the gateway is) and `--json` to a command. */
export function gatewayOptions(cmd: Command, json = true): Command {
  cmd.option('--url <url>', 'gateway URL (default: the running gateway, or $MCP_GATEWAY_URL)');
  if (json) {
    cmd.option('--json', 'print JSON instead of a table');
  }
  return cmd;
}

function serverRows(servers: ServerSummary[]): (string | number)[][] {
  return servers.map((s) => [
    s.name,
    s.state,
    s.transport,
    s.visibleTools === s.tools ? String(s.tools) : `${s.visibleTools}/${s.tools}`,
    s.tokens,
    duration(s.uptimeMs),
    s.restarts,
    s.lastError ?? (s.state === 'running' ? '' : sleepNote(s)),
  ]);
}

/** A sleeping server's note: why it sleeps and what that saves. */
function sleepNote(s: ServerSummary): string {
  if (s.state !== 'sleeping' || s.footprintBytes === undefined) {
    return s.reason;
  }
  return `${s.reason} (saves ${formatMiB(s.footprintBytes)})`;
}

/** "3 running · 17 sleeping, saving 1.1 GiB" — only when something sleeps. */
function sleepLine(servers: ServerSummary[]): string | undefined {
  const c = countStates(servers.map((s) => s.state));
  if (c.sleeping === 0) {
    return undefined;
  }
  const saved = memorySaved(servers);
  return `${c.running} running · ${c.sleeping} sleeping${saved > 0 ? `, saving ${formatMiB(saved)}` : ''}`;
}

const SERVER_HEAD = ['server', 'state', 'transport', 'tools', 'tokens', 'uptime', 'restarts', 'note'];

function printSummary(s: ServerSummary): void {
  const rows: [string, string][] = [
    ['state', `${s.state} — ${s.reason}`],
    ['transport', s.transport],
    ['tools', `${s.visibleTools} visible of ${s.tools} (${s.tokens} tokens)`],
    ['uptime', duration(s.uptimeMs)],
    ['restarts', String(s.restarts)],
  ];
  if (s.lastError) {
    rows.push(['last error', s.lastError]);
  }
  if (s.origin !== undefined) {
    const o = s.origin;
    rows.push([
      'imported',
      `from ${o.client}, ${o.scope === 'user' ? 'its own settings' : `project ${o.project ?? ''}`}${o.file ? ` (${o.file})` : ''}`,
    ]);
  }
  if (s.approval !== undefined) {
    rows.push(['approval', s.approval.reason]);
  }
  if (s.signIn !== undefined) {
    const i = s.signIn;
    const what = i.pending
      ? `pending — open ${i.authorizationUrl ?? 'the sign-in page'}`
      : i.signedIn
        ? `signed in${i.issuer ? ` at ${i.issuer}` : ''}${i.scope ? ` (scope ${i.scope})` : ''}`
        : `not signed in — \`mcp-gateway servers login ${s.name}\``;
    const how =
      i.grant === 'client_credentials'
        ? ' · machine account (client credentials)'
        : i.grant === 'jwt_bearer'
          ? ' · workload identity (JWT bearer)'
          : i.grant === 'enterprise'
            ? " · enterprise-managed (your identity provider's ID-JAG)"
            : '';
    const bound = i.signedIn && i.dpop === true ? ' · DPoP-bound (key in the keychain)' : '';
    rows.push([
      'sign-in',
      `${what}${how}${bound}${i.lastError && !i.signedIn ? `; last error: ${i.lastError}` : ''}`,
    ]);
  }
  if (s.pid !== undefined) {
    rows.push(['pid', String(s.pid)]);
  }
  if (s.serverName) {
    rows.push(['server info', `${s.serverName} ${s.serverVersion ?? ''}`.trim()]);
  }
  if (s.footprintBytes !== undefined) {
    rows.push([
      s.state === 'sleeping' ? 'memory saved' : 'memory',
      `${formatMiB(s.footprintBytes)} (process tree when last measured)`,
    ]);
  }
  if (s.sleepAfterMs !== undefined) {
    const never = s.sleepAfterMs === 0 || (s.sleepBlockers ?? []).length > 0;
    rows.push([
      'sleep',
      never
        ? `does not sleep: ${(s.sleepBlockers ?? []).join('; ') || 'sleepAfterMs is 0'}`
        : s.transport === 'stdio'
          ? `after ${duration(s.sleepAfterMs)} idle`
          : `remote: stays connected; health pings pause after ${duration(s.sleepAfterMs)} idle`,
    ]);
  }
  process.stdout.write(`${s.name}\n` + rows.map(([k, v]) => `  ${k.padEnd(12)} ${v}`).join('\n') + '\n');
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `KEY=VALUE` pairs into a map, with a clear error for anything else. */
function parseEnvPairs(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) {
      throw new CliError(`-e "${p}": use KEY=VALUE (e.g. -e GITHUB_TOKEN=\${secret:github})`);
    }
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

/** `Name: value` headers into a map. */
function parseHeaders(headers: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of headers) {
    const i = h.indexOf(':');
    if (i <= 0) {
      throw new CliError(
        `--header "${h}": use "Name: value" (e.g. --header "Authorization: Bearer \${secret:api}")`,
      );
    }
    out[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return out;
}

interface AddOpts {
  url?: string;
  gateway?: string;
  type?: string;
  env?: string[];
  header?: string[];
  cwd?: string;
  disabled?: boolean;
  description?: string;
  json?: boolean;
}

function buildServerConfig(command: string[], opts: AddOpts): ServerConfig {
  const config: ServerConfig = {};
  if (opts.url !== undefined) {
    if (command.length > 0) {
      throw new CliError('give either a command (after --) or --url, not both');
    }
    config.url = opts.url;
    if (opts.type !== undefined) {
      config.type = opts.type;
    }
    if (opts.header && opts.header.length > 0) {
      config.headers = parseHeaders(opts.header);
    }
  } else {
    const [cmd, ...args] = command;
    if (cmd === undefined) {
      throw new CliError(
        'say how to start the server: `mcp-gateway servers add NAME -- npx -y some-mcp-server` or `--url https://...`',
      );
    }
    if (opts.header && opts.header.length > 0) {
      throw new CliError('--header applies to remote servers (--url) only');
    }
    config.command = cmd;
    if (args.length > 0) {
      config.args = args;
    }
    if (opts.type !== undefined && opts.type !== 'stdio') {
      throw new CliError(`--type ${opts.type} needs --url; a command is always a stdio server`);
    }
  }
  if (opts.env && opts.env.length > 0) {
    config.env = parseEnvPairs(opts.env);
  }
  if (opts.cwd !== undefined) {
    config.cwd = opts.cwd;
  }
  if (opts.disabled) {
    config.disabled = true;
  }
  if (opts.description !== undefined) {
    config.description = opts.description;
  }
  return config;
}

/** Argument values: JSON when it parses (numbers, booleans, objects), else the string. */
function parseToolArgs(pairs: string[], json: string | undefined): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (json !== undefined) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('not an object');
      }
      args = parsed as Record<string, unknown>;
    } catch (err) {
      throw new CliError(
        `--args must be a JSON object, e.g. --args '{"query":"x"}' (${(err as Error).message})`,
      );
    }
  }
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) {
      throw new CliError(
        `"${p}": pass tool arguments as key=value (values in JSON where needed) or --args '{...}'`,
      );
    }
    const raw = p.slice(i + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    args[p.slice(0, i)] = value;
  }
  return args;
}

function printLogLine(l: LogLine): void {
  const tag = l.stream === 'stderr' ? '' : ` [${l.stream}]`;
  process.stdout.write(`${clock(l.at)}${tag} ${terminalSafe(l.line)}\n`);
}

async function followLogs(api: ApiClient, name: string, lastSeq: number | undefined): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let last = lastSeq;
  let failures = 0;
  try {
    // Reconnect with Last-Event-ID after a dropped stream, a bounded number of times in a row.
    while (!controller.signal.aborted && failures < 20) {
      try {
        await api.stream(
          serverLogStream,
          { params: { name }, query: {} },
          {
            signal: controller.signal,
            ...(last !== undefined ? { lastEventId: String(last) } : {}),
            onEvent: (l) => {
              failures = 0;
              last = l.seq;
              printLogLine(l);
            },
          },
        );
      } catch (err) {
        if (controller.signal.aborted) {
          break;
        }
        failures += 1;
        if (failures === 1) {
          process.stderr.write(`log stream interrupted (${(err as Error).message}); reconnecting…\n`);
        }
      }
      if (!controller.signal.aborted) {
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** failures)));
      }
    }
  } finally {
    process.off('SIGINT', stop);
  }
  if (!controller.signal.aborted) {
    throw new CliError('lost the log stream: is the gateway still running? (`mcp-gateway status`)');
  }
}

export function registerGatewayCommands(program: Command): void {
  gatewayOptions(
    program
      .command('status')
      .description('is the gateway running, and how are its servers')
      .action(async (opts: GatewayOpts) => {
        const api = await connect(opts.url);
        const [h, list] = await Promise.all([api.call(health), api.call(listServers)]);
        if (opts.json) {
          printJson({ url: api.baseUrl, ...h, servers: list.servers });
          return;
        }
        process.stdout.write(
          `MCP Gateway ${h.version} at ${api.baseUrl} — ${h.health}, up ${duration(h.uptimeMs)}, ` +
            `${h.servers} server(s), ${h.tools} tool(s) visible, ${h.sessions} session(s)\n`,
        );
        const asleep = sleepLine(list.servers);
        if (asleep !== undefined) {
          process.stdout.write(`${asleep}\n`);
        }
        if (h.configProblem) {
          process.stdout.write(
            `! config problem${h.configProblem.line ? ` at line ${h.configProblem.line}` : ''}: ${h.configProblem.message}\n`,
          );
        }
        printTable(
          SERVER_HEAD,
          serverRows(list.servers),
          'no servers configured — add one with `mcp-gateway servers add`',
        );
      }),
  );

  const servers = program.command('servers').description('list, add, remove and control servers');
  gatewayOptions(
    servers
      .command('list')
      .alias('ls')
      .description('every server with state, tools and tokens')
      .action(async (opts: GatewayOpts) => {
        const api = await connect(opts.url);
        const { servers: list } = await api.call(listServers);
        if (opts.json) {
          printJson(list);
          return;
        }
        printTable(
          SERVER_HEAD,
          serverRows(list),
          'no servers configured — add one with `mcp-gateway servers add`',
        );
      }),
  );
  gatewayOptions(
    servers
      .command('get <name>')
      .description("one server's status and config (secrets redacted)")
      .action(async (name: string, opts: GatewayOpts) => {
        const api = await connect(opts.url);
        const s = await api.call(getServer, { params: { name } });
        if (opts.json) {
          printJson(s);
          return;
        }
        printSummary(s);
        process.stdout.write('  config\n' + JSON.stringify(s.config, null, 2).replace(/^/gm, '    ') + '\n');
      }),
  );
  servers
    .command('add <name> [command...]')
    .description('add a server: `servers add NAME -- npx -y pkg ...` or `servers add NAME --url URL`')
    .option('--url <url>', 'URL of a remote server (Streamable HTTP or SSE)')
    .option('--type <type>', 'remote transport: http or sse (default: try http, then sse)')
    .option('-e, --env <KEY=VALUE>', 'environment variable for the server (repeatable)', collect)
    .option('--header <"Name: value">', 'HTTP header for a remote server (repeatable)', collect)
    .option('--cwd <dir>', 'working folder of the server process')
    .option('--description <text>', 'a note shown in the dashboard')
    .option('--disabled', 'add it switched off')
    .option('--gateway <url>', 'gateway URL (default: the running gateway, or $MCP_GATEWAY_URL)')
    .option('--json', 'print the new server as JSON')
    .action(async (name: string, command: string[], opts: AddOpts) => {
      const config = buildServerConfig(command, opts);
      const api = await connect(opts.gateway);
      const s = await api.call(addServer, { body: { name, config } });
      if (opts.json) {
        printJson(s);
        return;
      }
      process.stdout.write(
        `added '${s.name}' (${s.disabled ? 'disabled' : 'starting'}) — watch it with \`mcp-gateway servers get ${s.name}\`\n`,
      );
    });

  gatewayOptions(
    servers
      .command('allow <name> <keys...>')
      .description(
        'allow env keys (NODE_OPTIONS, NODE_EXTRA_CA_CERTS, …) or interpreter options (--require) the gateway refuses by default, for this server only',
      ),
  ).action(async (name: string, keys: string[], opts: GatewayOpts) => {
    const api = await connect(opts.url);
    const out = await api.call(allowServerKeys, { params: { name }, body: { keys } });
    if (opts.json) {
      printJson(out);
      return;
    }
    process.stdout.write(`allowed ${keys.join(', ')} for '${name}' (now ${out.state})\n`);
  });

  gatewayOptions(
    servers
      .command('approve <name>')
      .description(
        "let a server imported from another client's project file run, and expand the ${VAR} / ${secret:NAME} references it wants",
      ),
  ).action(async (name: string, opts: GatewayOpts) => {
    const api = await connect(opts.url);
    const before = await api.call(getServer, { params: { name } });
    if (before.origin === undefined) {
      throw new CliError(
        `'${name}' was added in the gateway itself, not imported from a client's file: there is nothing to approve`,
      );
    }
    if (before.approval === undefined) {
      process.stdout.write(`'${name}' is approved already (${before.state})\n`);
      return;
    }
    const variables = before.approval.variables;
    const out = await api.call(approveServer, { params: { name }, body: { variables } });
    if (opts.json) {
      printJson(out);
      return;
    }
    const what =
      before.config.command !== undefined
        ? [before.config.command, ...((before.config.args as string[] | undefined) ?? [])].join(' ')
        : String(before.config.url ?? '');
    const from = before.origin.project ?? before.origin.file ?? before.origin.client;
    process.stdout.write(
      `approved '${name}' from ${from}: runs ${what}` +
        (variables.length > 0 ? `; expands ${variables.map((v) => '${' + v + '}').join(', ')}` : '') +
        ` (now ${out.state})\n`,
    );
  });

  const actions = [
    ['remove', removeServer, 'remove a server from the config (stops it)', 'removed'],
    ['enable', enableServer, 'enable a server (starts it)', 'enabled'],
    ['disable', disableServer, 'disable a server (stops it, no restarts)', 'disabled'],
    ['restart', restartServer, 'restart a server now', 'restarted'],
    ['wake', wakeServer, 'start a sleeping server now', 'woke'],
    ['sleep', sleepServer, 'stop an idle local server now and let it sleep', 'put to sleep'],
    ['reset', resetServerCircuit, 'reset an open circuit breaker and try again', 'reset'],
  ] as const;
  for (const [verb, route, description, done] of actions) {
    const cmd = servers.command(`${verb} <name>`).description(description);
    if (verb === 'remove') {
      cmd.alias('rm');
    }
    gatewayOptions(cmd).action(async (name: string, opts: GatewayOpts) => {
      const api = await connect(opts.url);
      const out = await api.call(route, { params: { name } });
      if (opts.json) {
        printJson(out);
        return;
      }
      const state = 'state' in out ? ` (now ${out.state})` : '';
      process.stdout.write(`${done} '${name}'${state}\n`);
    });
  }

  const tools = program
    .command('tools')
    .description('list, call, enable and disable tools; review what changed');
  gatewayOptions(
    tools
      .command('list')
      .alias('ls')
      .description('tools of all servers, with visibility and token cost')
      .option('--server <name>', 'only this server')
      .option('--hidden', 'only tools clients do not see')
      .option('--visible', 'only tools clients see')
      .action(async (opts: GatewayOpts & { server?: string; hidden?: boolean; visible?: boolean }) => {
        const api = await connect(opts.url);
        const visible = opts.visible ? true : opts.hidden ? false : undefined;
        const out = await api.call(listTools, { query: { server: opts.server, visible } });
        if (opts.json) {
          printJson(out);
          return;
        }
        printTable(
          ['tool', 'server', 'visible', 'tokens', 'hidden because'],
          out.tools.map((t) => [t.id, t.server, t.visible ? 'yes' : 'no', t.tokens, t.hiddenReason ?? '']),
          'no tools (are the servers running? `mcp-gateway status`)',
        );
        const t = out.totals;
        process.stdout.write(
          `${t.visible} of ${t.tools} tools visible, ${t.visibleTokens} of ${t.tokens} tokens\n`,
        );
      }),
  );
  gatewayOptions(
    tools
      .command('call <tool> [args...]')
      .description(
        'call a tool: `tools call memory__read_graph` or `tools call search --server web query=mcp`',
      )
      .option('--server <name>', 'the server, when <tool> is the backend name')
      .option('--args <json>', 'arguments as a JSON object')
      .action(
        async (tool: string, pairs: string[], opts: GatewayOpts & { server?: string; args?: string }) => {
          const args = parseToolArgs(pairs, opts.args);
          const api = await connect(opts.url);
          const body =
            opts.server !== undefined
              ? { server: opts.server, tool, arguments: args }
              : { id: tool, arguments: args };
          const out = await api.call(callTool, { body });
          if (opts.json) {
            printJson(out);
          } else {
            const content = (out.result.content ?? []) as { type: string; text?: string }[];
            for (const c of content) {
              process.stdout.write((c.type === 'text' ? (c.text ?? '') : JSON.stringify(c)) + '\n');
            }
            if (content.length === 0 && out.result.structuredContent !== undefined) {
              printJson(out.result.structuredContent);
            }
          }
          if (out.isError) {
            throw new CliError(`the tool reported an error`);
          }
        },
      ),
  );
  for (const [verb, route] of [
    ['enable', enableTool],
    ['disable', disableTool],
  ] as const) {
    gatewayOptions(
      tools
        .command(`${verb} <server> <tool>`)
        .description(`${verb} one tool (edits mcpServers.<server>.tools.disabled)`)
        .action(async (server: string, tool: string, opts: GatewayOpts) => {
          const api = await connect(opts.url);
          const out = await api.call(route, { params: { server, tool } });
          if (opts.json) {
            printJson(out);
            return;
          }
          process.stdout.write(`${out.enabled ? 'enabled' : 'disabled'} ${server}/${tool}\n`);
        }),
    );
  }

  registerTrustCommands(tools, gatewayOptions);

  gatewayOptions(
    program
      .command('logs <server>')
      .description("a server's recent log lines; -f keeps following")
      .option('-f, --follow', 'keep printing new lines (Ctrl-C to stop)')
      .option('-n, --lines <n>', 'how many recent lines', (v) => Number.parseInt(v, 10), 100)
      .action(async (name: string, opts: GatewayOpts & { follow?: boolean; lines: number }) => {
        const api = await connect(opts.url);
        const out = await api.call(serverLogs, { params: { name }, query: { limit: opts.lines } });
        if (opts.json && !opts.follow) {
          printJson(out.lines);
          return;
        }
        for (const l of out.lines) {
          if (opts.json) {
            process.stdout.write(JSON.stringify(l) + '\n');
          } else {
            printLogLine(l);
          }
        }
        if (opts.follow) {
          await followLogs(api, name, out.lines.at(-1)?.seq ?? -1);
        }
      }),
  );

  gatewayOptions(
    program
      .command('calls')
      .description('recent tool calls')
      .option('-n, --limit <n>', 'how many', (v) => Number.parseInt(v, 10), 50)
      .option('--client <name>', 'only the calls of this client (its token name)')
      .option('--profile <name>', 'only the calls made with a token of this profile')
      .action(async (opts: GatewayOpts & { limit: number; client?: string; profile?: string }) => {
        const api = await connect(opts.url);
        const { calls } = await api.call(recentCalls, {
          query: {
            limit: opts.limit,
            ...(opts.client !== undefined ? { client: opts.client } : {}),
            ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
          },
        });
        if (opts.json) {
          printJson(calls);
          return;
        }
        printTable(
          ['time', 'server', 'tool', 'client', 'ms', 'result'],
          calls.map((c) => [
            clock(c.at),
            c.server,
            c.tool,
            c.profile !== undefined && c.profile !== 'default' ? `${c.client} (${c.profile})` : c.client,
            Math.round(c.durationMs),
            c.ok ? (c.isError ? 'tool error' : 'ok') : `failed: ${c.error ?? ''}`,
          ]),
          'no calls yet',
        );
      }),
  );

  gatewayOptions(
    program
      .command('sessions')
      .description('connected client sessions')
      .action(async (opts: GatewayOpts) => {
        const api = await connect(opts.url);
        const { sessions } = await api.call(listSessions);
        if (opts.json) {
          printJson(sessions);
          return;
        }
        printTable(
          ['client', 'app', 'transport', 'scope', 'since', 'last seen'],
          sessions.map((s) => [
            s.client === undefined ? '-' : `${s.client} (${s.profile ?? 'default'})`,
            `${s.clientName} ${s.clientVersion ?? ''}`.trim(),
            s.transport,
            s.scope,
            clock(s.openedAt),
            clock(s.lastSeenAt),
          ]),
          'no clients connected',
        );
      }),
  );

  const config = program.command('config').description('the gateway config');
  gatewayOptions(
    config
      .command('export')
      .description('print the config with secrets redacted (safe to share)')
      .action(async (opts: GatewayOpts) => {
        const api = await connect(opts.url);
        const out = await api.call(exportConfig);
        printJson(opts.json ? out : out.config);
      }),
    false,
  ).option('--json', 'include where the config file is');
}
