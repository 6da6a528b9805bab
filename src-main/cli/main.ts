/**
 * `mcp-gateway` entry point: bin/mcp-gateway.js imports the compiled file. Long-running commands
 * (serve, stdio, logs -f) keep the process alive themselves; everything else exits with its code.
 * `serve` loads only its own command (not the other commands' API schemas, tables and config
 * editing), so the gateway spawns its servers sooner.
 */
const argv = process.argv;
let code: number;
if (argv[2] === 'serve') {
  const { buildServeProgram, runProgram } = await import('./root.js');
  code = await runProgram(buildServeProgram(), argv);
} else {
  const { runCli } = await import('./program.js');
  code = await runCli(argv);
}
process.exitCode = code;
