/**
 * The built `mcp-gateway` binary (`npx tsc -b` first) run as a user's shell would: it finds the
 * gateway and its token through MCP_GATEWAY_HOME, never through a URL or token left in this
 * process's environment.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { expect } from 'vitest';

import { ROOT } from './paths.js';

export const BIN = path.join(ROOT, 'bin/mcp-gateway.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node ...args` to its end (bounded), with its exit code and output. */
export function runNode(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, timeout: timeoutMs }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Runs `mcp-gateway ...args` to its end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<CliRun> {
  return runNode([BIN, ...args], env, timeoutMs);
}

/** This process's environment for a CLI that finds its gateway in `home`; `drop` names more to leave out. */
export function cliEnv(home: string, drop: string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MCP_GATEWAY_HOME: home };
  for (const name of ['MCP_GATEWAY_URL', 'MCP_GATEWAY_TOKEN', ...drop]) {
    delete env[name];
  }
  return env;
}

/** Fails the suite at once, saying what to do, when the CLI has not been built. */
export function expectCliBuilt(): void {
  expect(existsSync(path.join(ROOT, 'dist/src-main/cli/main.js')), 'run `npx tsc -b` first').toBe(true);
}
