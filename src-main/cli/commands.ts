import type { Command } from 'commander';

import { registerActivityCommands } from './gateway-commands/activity.js';
import { registerLogs } from './gateway-commands/logs.js';
import { gatewayOptions } from './gateway-commands/options.js';
import { registerServerActions } from './gateway-commands/server-actions.js';
import { registerServerViews } from './gateway-commands/servers.js';
import { registerStatus } from './gateway-commands/status.js';
import { registerToolCommands } from './gateway-commands/tools.js';
import { registerTrustCommands } from './trust.js';

/**
 * The commands that talk to a running gateway over its control API: `status`, `servers`, `tools`,
 * `logs`, `calls`, `sessions` and `config`. Each group registers itself from `gateway-commands/`.
 */

export { gatewayOptions, type GatewayOpts } from './gateway-commands/options.js';

export function registerGatewayCommands(program: Command): void {
  registerStatus(program);

  const servers = program.command('servers').description('list, add, remove and control servers');
  registerServerViews(servers);
  registerServerActions(servers);

  const tools = program
    .command('tools')
    .description('list, call, enable and disable tools; review what changed');
  registerToolCommands(tools);
  registerTrustCommands(tools, gatewayOptions);

  registerLogs(program);
  registerActivityCommands(program);
}
