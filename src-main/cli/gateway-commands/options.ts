import type { Command } from 'commander';

/** The options of the commands that talk to a running gateway over its control API. */

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
