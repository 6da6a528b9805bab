import type { Command } from 'commander';

import { registerConnect } from './clients-command/connect.js';
import { registerImport } from './clients-command/import.js';
import { registerList } from './clients-command/list.js';
import { createPrinter } from './clients-command/printer.js';
import type { ClientsCommandDeps, ClientsContext } from './clients-command/setup.js';
import { registerBackups, registerDisconnect, registerRestore } from './clients-command/undo.js';

/**
 * `mcp-gateway clients ...`: find AI clients' MCP configs, import their servers, point them at the
 * gateway and undo it. Client files are edited locally (they belong to the user running the CLI);
 * servers are added through the running gateway's API, or straight into its config file when it
 * is not running. Each subcommand lives in `clients-command/`.
 */

export type { ClientsCommandDeps } from './clients-command/setup.js';

/** Register `clients list|import|connect|disconnect|restore|backups` on the program. */
export function registerClientsCommand(program: Command, deps: ClientsCommandDeps = {}): Command {
  const clients = program
    .command('clients')
    .description(
      'find AI clients (Claude, Cursor, VS Code, ...), import their servers, point them at the gateway',
    );
  const ctx: ClientsContext = { deps, out: createPrinter(deps.write) };
  registerList(clients, ctx);
  registerImport(clients, ctx);
  registerConnect(clients, ctx);
  registerDisconnect(clients, ctx);
  registerBackups(clients, ctx);
  registerRestore(clients, ctx);
  return clients;
}
