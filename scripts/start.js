#!/usr/bin/env node
// `npm start`: the desktop app where Electron can run; otherwise the headless gateway, which
// prints its endpoint and dashboard URL. The decision is `detectStartMode` (unit-tested in
// src-main/desktop/logic); the Electron binary is located without `require('electron')`, which
// would try to download a missing one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const logic = path.join(root, 'dist', 'src-main', 'desktop', 'logic', 'start-mode.js');

function fail(message) {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(1);
}

if (!existsSync(logic)) {
  fail('the app is not built yet: run `npm run build` (or `npm install`) first.');
}

/** Runs a child with our terminal and passes its exit code (and Ctrl-C) through. */
function run(command, args, env) {
  // Its own process group (POSIX): a Ctrl-C reaches it once, forwarded from here, instead of
  // twice (from the terminal and from us), which the gateway would take as "stop now".
  const child = spawn(command, args, {
    cwd: root,
    stdio: 'inherit',
    env,
    detached: process.platform !== 'win32',
  });
  const forward = (signal) => {
    if (child.exitCode === null) {
      child.kill(signal);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => forward(signal));
  }
  child.on('error', (err) => fail(`could not start ${path.basename(command)}: ${err.message}`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}

try {
  const { detectStartMode } = await import(pathToFileURL(logic).href);
  const mode = detectStartMode(path.join(root, 'node_modules', 'electron'), process.env, process.platform);
  if (mode.mode === 'desktop') {
    process.stdout.write('Starting MCP Gateway Desktop…\n');
    // ELECTRON_RUN_AS_NODE from a parent shell would turn the app into plain Node.
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    run(mode.electron, [root, ...process.argv.slice(2)], env);
  } else {
    process.stdout.write(`Starting the gateway without its desktop shell: ${mode.reason}.\n`);
    process.stdout.write('Open the dashboard URL printed below in your browser.\n\n');
    run(
      process.execPath,
      [path.join(root, 'bin', 'mcp-gateway.js'), 'serve', ...process.argv.slice(2)],
      process.env,
    );
  }
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
