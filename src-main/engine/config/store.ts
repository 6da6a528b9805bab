import path from 'node:path';

import type { FSWatcher } from 'chokidar';

import type {
  ConfigProblem,
  ConfigSource,
  ConfigStore,
  Disposable,
  GatewayConfigDraft,
  Logger,
} from '../types.js';
import { createConfigFile, readText, watchConfigFile } from './config-file.js';
import { initialState } from './config-state.js';
import { logReloadFailure, reloadFile } from './reload.js';
import { createSerialQueue } from './serial-queue.js';
import { updateConfig } from './update.js';

export interface ConfigStoreOptions {
  path: string;
  logger: Logger;
  /** Watch the file for hand edits (default true). */
  watch?: boolean;
  /** Create the file from a template when it does not exist (default true). */
  createIfMissing?: boolean;
  /** Reads the file (default `fs.readFile` as UTF-8); tests inject failures here. */
  readFile?: (file: string) => Promise<string>;
}

export interface ManagedConfigStore extends ConfigStore {
  /** Re-read the file now (the watcher calls this; tests may too). */
  reload(): Promise<void>;
  /** Called when a hand edit is rejected; the last good config stays in force. */
  onProblem(listener: (problem: ConfigProblem) => void): Disposable;
}

/**
 * The config file, owned: read (created from a template when missing), validated, watched for
 * hand edits, and changed by minimal atomic edits. Every read-then-write (an API change, a
 * reload) runs in one queue, so they never interleave.
 */
export async function openConfigStore(options: ConfigStoreOptions): Promise<ManagedConfigStore> {
  const file = path.resolve(options.path);
  const log = options.logger.child({ component: 'config' });
  const read = (f: string) => readText(f, options.readFile);
  let text = await read(file);
  if (text === undefined && options.createIfMissing !== false) {
    text = await createConfigFile(file, log);
  }
  const state = initialState(file, log, text ?? '');
  const queue = createSerialQueue();
  const reload = () =>
    queue.run(() => reloadFile(state, read)).catch((err: unknown) => logReloadFailure(state, err));
  let watcher: FSWatcher | undefined;
  if (options.watch !== false) {
    watcher = await watchConfigFile(file, log, () => void reload());
  }
  return {
    path: file,
    current: () => state.config,
    problem: () => state.problem,
    reload,
    update: (edit: (draft: GatewayConfigDraft) => void, source: ConfigSource = 'api') =>
      queue.run(() => updateConfig(state, read, edit, source)),
    onChange(listener) {
      state.changeListeners.add(listener);
      return { dispose: () => state.changeListeners.delete(listener) };
    },
    onProblem(listener) {
      state.problemListeners.add(listener);
      return { dispose: () => state.problemListeners.delete(listener) };
    },
    async close() {
      await queue.idle();
      await watcher?.close();
    },
  };
}
