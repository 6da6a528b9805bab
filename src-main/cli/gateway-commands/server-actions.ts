import type { Command } from 'commander';

import type { RouteOutput } from '../../../src-shared/api/contract.js';
import {
  allowServerKeys,
  approveServer,
  disableServer,
  enableServer,
  getServer,
  removeServer,
  resetServerCircuit,
  restartServer,
  sleepServer,
  wakeServer,
} from '../../../src-shared/api/routes.js';
import { connect } from '../connection.js';
import { CliError, printJson } from '../output.js';
import { gatewayOptions, type GatewayOpts } from './options.js';

/** `servers allow`, `servers approve` and the one-verb controls (remove, enable, restart, …). */

function registerAllow(servers: Command): void {
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
}

/** What `servers approve` let run: where it came from, what it runs, what it expands. */
export function approvedText(
  name: string,
  before: RouteOutput<typeof getServer>,
  variables: string[],
  state: string,
): string {
  const what =
    before.config.command !== undefined
      ? [before.config.command, ...((before.config.args as string[] | undefined) ?? [])].join(' ')
      : String(before.config.url ?? '');
  const from = before.origin?.project ?? before.origin?.file ?? before.origin?.client;
  return (
    `approved '${name}' from ${from}: runs ${what}` +
    (variables.length > 0 ? `; expands ${variables.map((v) => '${' + v + '}').join(', ')}` : '') +
    ` (now ${state})\n`
  );
}

function registerApprove(servers: Command): void {
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
    process.stdout.write(approvedText(name, before, variables, out.state));
  });
}

const ACTIONS = [
  ['remove', removeServer, 'remove a server from the config (stops it)', 'removed'],
  ['enable', enableServer, 'enable a server (starts it)', 'enabled'],
  ['disable', disableServer, 'disable a server (stops it, no restarts)', 'disabled'],
  ['restart', restartServer, 'restart a server now', 'restarted'],
  ['wake', wakeServer, 'start a sleeping server now', 'woke'],
  ['sleep', sleepServer, 'stop an idle local server now and let it sleep', 'put to sleep'],
  ['reset', resetServerCircuit, 'reset an open circuit breaker and try again', 'reset'],
] as const;

function registerVerbs(servers: Command): void {
  for (const [verb, route, description, done] of ACTIONS) {
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
}

/** Registers the `servers` group's control commands. */
export function registerServerActions(servers: Command): void {
  registerAllow(servers);
  registerApprove(servers);
  registerVerbs(servers);
}
