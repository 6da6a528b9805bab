import { Command, CommanderError } from 'commander';

import { productVersion } from '../engine/version.js';

import { registerClientsCommand } from './clients.js';
import { registerGatewayCommands } from './commands.js';
import { completionScript } from './completion.js';
import type { Check } from './doctor.js';
import { EXIT_ERROR, printJson, printTable, reportError } from './output.js';
import { registerSecretsCommand } from './secrets.js';

/** The `mcp-gateway` command tree. main.ts runs it; tests can build it without a process. */

const STATUS_MARK: Record<Check['status'], string> = { ok: 'ok', info: 'info', warn: 'WARN', fail: 'FAIL' };

export function buildProgram(): Command {
  const program = new Command('mcp-gateway')
    .description('One local MCP endpoint for all your MCP servers: run the gateway, manage servers and tools')
    .version(productVersion(), '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('serve')
    .description('run the gateway in the foreground')
    .option('--config <file>', 'config file (default: the app data folder, or $MCP_GATEWAY_HOME)')
    .option('--port <n>', 'port to listen on (0 = any free port)', (v) => {
      const n = Number.parseInt(v, 10);
      if (!Number.isInteger(n) || n < 0 || n > 65_535) {
        throw new CommanderError(
          EXIT_ERROR,
          'mcp-gateway.badPort',
          `--port ${v}: use a number from 0 to 65535`,
        );
      }
      return n;
    })
    .option('--host <host>', 'address to bind (default 127.0.0.1; others need "gateway.allowRemote")')
    .option('--log-level <level>', 'debug, info, warn or error')
    .option('--json-logs', 'log lines as JSON')
    .action(
      async (opts: {
        config?: string;
        port?: number;
        host?: string;
        logLevel?: string;
        jsonLogs?: boolean;
      }) => {
        const { runServe } = await import('./serve.js');
        await runServe(opts);
      },
    );

  program
    .command('stdio')
    .description('bridge stdin/stdout to a running gateway (for clients that only start commands)')
    .option('--url <url>', 'gateway MCP URL (default: the running gateway)')
    .action(async (opts: { url?: string }) => {
      const { runStdioBridge } = await import('./stdio-bridge.js');
      await runStdioBridge(opts);
    });

  registerGatewayCommands(program);
  registerClientsCommand(program);
  registerSecretsCommand(program);

  program
    .command('doctor')
    .description(
      'check the config, port, server commands, variables and keychain; says how to fix each problem',
    )
    .option('--config <file>', 'config file to check')
    .option('--url <url>', 'gateway URL')
    .option('--no-keychain', 'skip the keychain check')
    .option('--json', 'print JSON')
    .action(async (opts: { config?: string; url?: string; keychain: boolean; json?: boolean }) => {
      // Loaded on demand: it pulls in the keychain and config modules the other commands never need.
      const { runDoctor } = await import('./doctor.js');
      const checks = await runDoctor({ config: opts.config, url: opts.url, keychain: opts.keychain });
      const failed = checks.filter((c) => c.status === 'fail').length;
      if (opts.json) {
        printJson({ ok: failed === 0, checks });
      } else {
        printTable(
          ['', 'check', 'finding', 'how to fix'],
          checks.map((c) => [STATUS_MARK[c.status], c.check, c.message, c.fix ?? '']),
        );
        process.stdout.write(failed === 0 ? 'no problems found\n' : `${failed} problem(s) found\n`);
      }
      if (failed > 0) {
        process.exitCode = EXIT_ERROR;
      }
    });

  program
    .command('completion <shell>')
    .description('print a shell completion script (bash, zsh or fish)')
    .action((shell: string) => {
      process.stdout.write(completionScript(program, shell));
    });

  program
    .command('__complete <what>', { hidden: true })
    .description('names for shell completion (quiet when no gateway runs)')
    .action(async (what: string) => {
      if (what !== 'servers') {
        return;
      }
      try {
        const { connect } = await import('./connection.js');
        const { listServers } = await import('../../src-shared/api/routes.js');
        const api = await connect(undefined);
        const { servers } = await api.call(listServers);
        process.stdout.write(servers.map((s) => s.name).join('\n') + '\n');
      } catch {
        // Completion must never print errors into the user's prompt.
      }
    });

  return program;
}

/** Parse argv and run; returns the exit code instead of exiting, so callers decide. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  for (const c of program.commands) {
    c.exitOverride();
    for (const s of c.commands) {
      s.exitOverride();
    }
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander; usage errors were already printed.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0
        ? 0
        : EXIT_ERROR;
    }
    return reportError(err);
  }
}
