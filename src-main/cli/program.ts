import type { Command } from 'commander';

import { registerClientsCommand } from './clients.js';
import { registerGatewayCommands } from './commands.js';
import { completionScript } from './completion.js';
import type { Check } from './doctor.js';
import { EXIT_ERROR, printJson, printTable } from './output.js';
import { registerProfileCommands } from './profiles.js';
import { createRootCommand, registerServeCommand, runProgram } from './root.js';
import { registerSearchCommands } from './search.js';
import { registerSecretsCommand } from './secrets.js';
import { registerSignInCommands } from './sign-in.js';
import { registerTokenCommands } from './tokens.js';

/** The `mcp-gateway` command tree. main.ts runs it; tests can build it without a process. */

const STATUS_MARK: Record<Check['status'], string> = { ok: 'ok', info: 'info', warn: 'WARN', fail: 'FAIL' };

export function buildProgram(): Command {
  const program = createRootCommand();
  registerServeCommand(program);

  program
    .command('stdio')
    .description('bridge stdin/stdout to a running gateway (for clients that only start commands)')
    .option('--url <url>', 'gateway MCP URL (default: the running gateway)')
    .option(
      '--token-file <file>',
      "owner-only file holding this client's token (`clients connect` writes it)",
    )
    .action(async (opts: { url?: string; tokenFile?: string }) => {
      const { runStdioBridge } = await import('./stdio-bridge.js');
      await runStdioBridge(opts);
    });

  registerGatewayCommands(program);
  registerSearchCommands(program);
  registerSignInCommands(program);
  registerClientsCommand(program);
  registerSecretsCommand(program);
  registerTokenCommands(program);
  registerProfileCommands(program);

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
export function runCli(argv: string[]): Promise<number> {
  return runProgram(buildProgram(), argv);
}
