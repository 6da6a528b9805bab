import type { Command } from 'commander';

import type { RouteOutput } from '../../../src-shared/api/contract.js';
import { exportConfig, listSessions, recentCalls } from '../../../src-shared/api/routes.js';
import { connect } from '../connection.js';
import { clock, printJson, printTable } from '../output.js';
import { gatewayOptions, type GatewayOpts } from './options.js';

/** `calls`, `sessions` and `config export`: what the gateway has been doing, and its config. */

type Call = RouteOutput<typeof recentCalls>['calls'][number];
type Session = RouteOutput<typeof listSessions>['sessions'][number];

export function callRow(c: Call): (string | number)[] {
  return [
    clock(c.at),
    c.server,
    c.tool,
    c.profile !== undefined && c.profile !== 'default' ? `${c.client} (${c.profile})` : c.client,
    Math.round(c.durationMs),
    c.ok ? (c.isError ? 'tool error' : 'ok') : `failed: ${c.error ?? ''}`,
  ];
}

export function sessionRow(s: Session): string[] {
  return [
    s.client === undefined ? '-' : `${s.client} (${s.profile ?? 'default'})`,
    `${s.clientName} ${s.clientVersion ?? ''}`.trim(),
    s.transport,
    s.scope,
    clock(s.openedAt),
    clock(s.lastSeenAt),
  ];
}

function registerCalls(program: Command): void {
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
        printTable(['time', 'server', 'tool', 'client', 'ms', 'result'], calls.map(callRow), 'no calls yet');
      }),
  );
}

function registerSessions(program: Command): void {
  gatewayOptions(
    program
      .command('sessions')
      .description('connected client sessions')
      .action(async (opts: GatewayOpts) => {
        const { sessions } = await (await connect(opts.url)).call(listSessions);
        if (opts.json) {
          printJson(sessions);
          return;
        }
        printTable(
          ['client', 'app', 'transport', 'scope', 'since', 'last seen'],
          sessions.map(sessionRow),
          'no clients connected',
        );
      }),
  );
}

function registerConfig(program: Command): void {
  const config = program.command('config').description('the gateway config');
  gatewayOptions(
    config
      .command('export')
      .description('print the config with secrets redacted (safe to share)')
      .action(async (opts: GatewayOpts) => {
        const out = await (await connect(opts.url)).call(exportConfig);
        printJson(opts.json ? out : out.config);
      }),
    false,
  ).option('--json', 'include where the config file is');
}

/** Registers `calls`, `sessions` and `config export`. */
export function registerActivityCommands(program: Command): void {
  registerCalls(program);
  registerSessions(program);
  registerConfig(program);
}
