/**
 * `mcp-gateway` entry point (bin/mcp-gateway.js imports the compiled file). Commands are built
 * by `buildProgram` so tests can drive the same parser without spawning a process.
 */
import { Command } from 'commander';

interface ServeModule {
  runServe(opts: { config?: string; port?: number; host?: string; logLevel?: string }): Promise<void>;
}
interface StdioBridgeModule {
  runStdioBridge(opts: { url?: string }): Promise<void>;
}

/** Loaded lazily: `serve` pulls in the whole engine, which the client commands never need. */
async function loadModule<T>(specifier: string, what: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (err) {
    throw new Error(`${what} is not available in this build (${String(err)})`, { cause: err });
  }
}

export function buildProgram(): Command {
  const program = new Command('mcp-gateway')
    .description('One local MCP endpoint for all your MCP servers')
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the gateway in the foreground')
    .option('--config <file>', 'config file')
    .option('--port <n>', 'port to listen on', (v) => Number.parseInt(v, 10))
    .option('--host <host>', 'host to bind')
    .option('--log-level <level>', 'debug, info, warn or error')
    .action(async (opts: { config?: string; port?: number; host?: string; logLevel?: string }) => {
      const mod = await loadModule<ServeModule>('./serve.js', 'serve');
      await mod.runServe(opts);
    });

  program
    .command('stdio')
    .description('bridge stdin/stdout to a running gateway (for clients that only speak stdio)')
    .option('--url <url>', 'gateway URL')
    .action(async (opts: { url?: string }) => {
      const mod = await loadModule<StdioBridgeModule>('./stdio-bridge.js', 'stdio');
      await mod.runStdioBridge(opts);
    });
  return program;
}

await buildProgram().parseAsync(process.argv);
