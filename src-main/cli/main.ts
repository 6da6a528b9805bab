/**
 * `mcp-gateway` entry point: bin/mcp-gateway.js runs it (bundled, or as compiled by tsc).
 * Long-running commands (serve, stdio, logs -f) keep the process alive themselves; everything
 * else exits with its code. `serve` loads only its own command (not the other commands' API
 * schemas, tables and config editing), so the gateway spawns its servers sooner. No top-level
 * await: the bundle is CommonJS, which lets the launcher keep V8's compiled code between runs.
 */
async function main(argv: string[]): Promise<number> {
  if (argv[2] === 'serve') {
    const { buildServeProgram, runProgram } = await import('./root.js');
    return runProgram(buildServeProgram(), argv);
  }
  const { runCli } = await import('./program.js');
  return runCli(argv);
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
