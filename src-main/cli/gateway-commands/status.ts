import type { Command } from 'commander';

import type { RouteOutput } from '../../../src-shared/api/contract.js';
import { health, listServers } from '../../../src-shared/api/routes.js';
import { connect } from '../connection.js';
import { duration, printJson, printTable } from '../output.js';
import { gatewayOptions, type GatewayOpts } from './options.js';
import { SERVER_HEAD, serverRows, sleepLine } from './server-format.js';

/** `status`: is the gateway running, and how are its servers. */

export const NO_SERVERS = 'no servers configured — add one with `mcp-gateway servers add`';

/** The lines above the table: version, address, health and counts, what sleeps, a config problem. */
export function statusText(
  h: RouteOutput<typeof health>,
  baseUrl: string,
  asleep: string | undefined,
): string {
  let text =
    `MCP Gateway ${h.version} at ${baseUrl} — ${h.health}, up ${duration(h.uptimeMs)}, ` +
    `${h.servers} server(s), ${h.tools} tool(s) visible, ${h.sessions} session(s)\n`;
  if (asleep !== undefined) {
    text += `${asleep}\n`;
  }
  if (h.configProblem) {
    const at = h.configProblem.line ? ` at line ${h.configProblem.line}` : '';
    text += `! config problem${at}: ${h.configProblem.message}\n`;
  }
  return text;
}

export function registerStatus(program: Command): void {
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
        process.stdout.write(statusText(h, api.baseUrl, sleepLine(list.servers)));
        printTable(SERVER_HEAD, serverRows(list.servers), NO_SERVERS);
      }),
  );
}
