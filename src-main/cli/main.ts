/**
 * `mcp-gateway` entry point: bin/mcp-gateway.js imports the compiled file. Long-running commands
 * (serve, stdio, logs -f) keep the process alive themselves; everything else exits with its code.
 */
import { runCli } from './program.js';

const code = await runCli(process.argv);
process.exitCode = code;
