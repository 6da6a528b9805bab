/** The real `mcp-gateway` CLI from sources, started as a process by the client end-to-end test. */
import { runCli } from '../../src-main/cli/program.js';

const code = await runCli(process.argv);
process.exitCode = code;
