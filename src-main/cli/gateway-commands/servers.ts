import type { Command } from 'commander';

import { addServer, getServer, listServers } from '../../../src-shared/api/routes.js';
import { connect } from '../connection.js';
import { printJson, printTable } from '../output.js';
import { gatewayOptions, type GatewayOpts } from './options.js';
import { type AddOpts, buildServerConfig, collect } from './server-config.js';
import { SERVER_HEAD, serverRows, summaryText } from './server-format.js';
import { NO_SERVERS } from './status.js';

/** `servers list`, `servers get` and `servers add`. */

function registerList(servers: Command): void {
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
        printTable(SERVER_HEAD, serverRows(list), NO_SERVERS);
      }),
  );
}

function registerGet(servers: Command): void {
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
        process.stdout.write(summaryText(s));
        process.stdout.write('  config\n' + JSON.stringify(s.config, null, 2).replace(/^/gm, '    ') + '\n');
      }),
  );
}

function registerAdd(servers: Command): void {
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
}

/** Registers the `servers` group's reading and adding commands; the control verbs are in server-actions.ts. */
export function registerServerViews(servers: Command): void {
  registerList(servers);
  registerGet(servers);
  registerAdd(servers);
}
