import type { Command } from 'commander';

import type { ApiClient } from '../../../src-shared/api/client.js';
import { serverLogs, serverLogStream } from '../../../src-shared/api/routes.js';
import type { LogLine } from '../../../src-shared/events.js';
import { connect } from '../connection.js';
import { CliError, clock, printJson, terminalSafe } from '../output.js';
import { gatewayOptions, type GatewayOpts } from './options.js';

/** `logs <server>`: a server's recent log lines, and `-f` to keep following them. */

/** One log line for a terminal: its time, its stream unless stderr, and its text made safe. */
export function logLineText(l: LogLine): string {
  const tag = l.stream === 'stderr' ? '' : ` [${l.stream}]`;
  return `${clock(l.at)}${tag} ${terminalSafe(l.line)}\n`;
}

/** The wait before the next reconnect: doubling from 250 ms, at most 5 s. */
export function reconnectDelayMs(failures: number): number {
  return Math.min(5_000, 250 * 2 ** failures);
}

/** Failures in a row after which following gives up. */
const MAX_FAILURES = 20;

async function followLogs(api: ApiClient, name: string, lastSeq: number | undefined): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let last = lastSeq;
  let failures = 0;
  try {
    // Reconnect with Last-Event-ID after a dropped stream, a bounded number of times in a row.
    while (!controller.signal.aborted && failures < MAX_FAILURES) {
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
              process.stdout.write(logLineText(l));
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
        await new Promise((r) => setTimeout(r, reconnectDelayMs(failures)));
      }
    }
  } finally {
    process.off('SIGINT', stop);
  }
  if (!controller.signal.aborted) {
    throw new CliError('lost the log stream: is the gateway still running? (`mcp-gateway status`)');
  }
}

export function registerLogs(program: Command): void {
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
          process.stdout.write(opts.json ? JSON.stringify(l) + '\n' : logLineText(l));
        }
        if (opts.follow) {
          await followLogs(api, name, out.lines.at(-1)?.seq ?? -1);
        }
      }),
  );
}
