/** Runs the stdio bridge as a real process (spawned by stdio-bridge.test.ts). */
import { runStdioBridge } from '../../src-main/cli/stdio-bridge.js';

runStdioBridge({ url: process.argv[2] }).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
