import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { type FSWatcher, watch } from 'chokidar';
import writeFileAtomic from 'write-file-atomic';

import type { Logger } from '../types.js';

const CONFIG_TEMPLATE = `{
  "gateway": {},
  "mcpServers": {}
}
`;

export type ReadFile = (file: string) => Promise<string>;

/** The file's text, or undefined when there is no file. */
export async function readText(
  file: string,
  read: ReadFile = (f) => readFile(f, 'utf8'),
): Promise<string | undefined> {
  try {
    return await read(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw err;
  }
}

/** A new config file from the template (private to the user), its text returned. */
export async function createConfigFile(file: string, log: Logger): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, CONFIG_TEMPLATE, { mode: 0o600 });
  log.info('created a new config file', { path: file });
  return CONFIG_TEMPLATE;
}

/**
 * Watch the file for hand edits, editors' atomic saves (rename) included, and call `changed`
 * once a write has settled; resolves when the watcher is ready.
 */
export async function watchConfigFile(file: string, log: Logger, changed: () => void): Promise<FSWatcher> {
  const watcher = watch(file, {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: 80, pollInterval: 20 },
    atomic: true,
  });
  watcher.on('change', () => changed());
  watcher.on('add', () => changed());
  watcher.on('error', (err) => log.warn('config watcher error', { err: String(err) }));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return watcher;
}
