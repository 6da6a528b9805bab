import { Command, CommanderError } from 'commander';

import { productVersion } from '../engine/version.js';
import { EXIT_ERROR } from './exit-codes.js';

/**
 * The root `mcp-gateway` command, the `serve` command and the runner. Kept apart from the
 * other commands (and their API schemas, tables and config editing) so `mcp-gateway serve`
 * parses its options without loading them: main.ts builds a program with only `serve` when
 * that is the command, which starts the gateway's servers sooner.
 */

export function createRootCommand(): Command {
  return new Command('mcp-gateway')
    .description('One local MCP endpoint for all your MCP servers: run the gateway, manage servers and tools')
    .version(productVersion(), '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

export function registerServeCommand(program: Command): void {
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
}

/** The program with only `serve`: what `mcp-gateway serve …` needs. */
export function buildServeProgram(): Command {
  const program = createRootCommand();
  registerServeCommand(program);
  return program;
}

/** Parse argv and run; returns the exit code instead of exiting, so callers decide. */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  // Every level (`clients tokens list` is three deep) reports errors to us instead of exiting.
  const override = (cmd: Command): void => {
    cmd.exitOverride();
    for (const c of cmd.commands) {
      override(c);
    }
  };
  override(program);
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
    const { reportError } = await import('./output.js');
    return reportError(err);
  }
}
