import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { type FSWatcher, watch } from 'chokidar';
import { applyEdits, modify } from 'jsonc-parser';
import writeFileAtomic from 'write-file-atomic';

import { type GatewayConfig, GatewayConfigSchema } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/values.js';
import type {
  ConfigProblem,
  ConfigSource,
  ConfigStore,
  Disposable,
  GatewayConfigDraft,
  Logger,
} from '../types.js';
import { formatPath, parseConfigText } from './parse.js';

const CONFIG_TEMPLATE = `{
  "gateway": {},
  "mcpServers": {}
}
`;

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

async function readText(
  file: string,
  read: (file: string) => Promise<string> = (f) => readFile(f, 'utf8'),
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

/** Indentation and line ending of an existing file, so our edits look like the user's. */
function detectFormatting(text: string): { insertSpaces: boolean; tabSize: number; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Rewrite only the entries that changed (one server, one gateway key, one entry of a gateway map
 * such as one profile), so comments, formatting and everything else in the file survive an API
 * change.
 */
function editText(text: string, before: Record<string, unknown>, after: Record<string, unknown>): string {
  const formattingOptions = detectFormatting(text);
  let current = text;
  const apply = (p: (string | number)[], value: unknown) => {
    current = applyEdits(current, modify(current, p, value, { formattingOptions }));
  };
  /** `depth` more object levels may be descended into below `at`. */
  const diff = (at: string[], b: unknown, a: unknown, depth: number) => {
    if (isDeepStrictEqual(b, a)) {
      return;
    }
    if (!isPlainObject(b) || !isPlainObject(a) || depth < 0) {
      apply(at, a);
      return;
    }
    for (const key of Object.keys(b)) {
      if (!(key in a)) {
        apply([...at, key], undefined);
      }
    }
    for (const [key, value] of Object.entries(a)) {
      diff([...at, key], b[key], value, depth - 1);
    }
  };
  // `gateway.profiles.<name>` is the deepest level edited on its own; a server is one entry.
  diff(['gateway'], before['gateway'], after['gateway'], 2);
  diff(['mcpServers'], before['mcpServers'], after['mcpServers'], 0);
  return current;
}

export async function openConfigStore(options: ConfigStoreOptions): Promise<ManagedConfigStore> {
  const file = path.resolve(options.path);
  const log = options.logger.child({ component: 'config' });
  const changeListeners = new Set<(c: GatewayConfig, p: GatewayConfig, s: ConfigSource) => void>();
  const problemListeners = new Set<(p: ConfigProblem) => void>();

  const read = (f: string) => readText(f, options.readFile);
  let text = await read(file);
  if (text === undefined && options.createIfMissing !== false) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, CONFIG_TEMPLATE, { mode: 0o600 });
    text = CONFIG_TEMPLATE;
    log.info('created a new config file', { path: file });
  }
  let lastText = text ?? '';
  let config: GatewayConfig = GatewayConfigSchema.parse({});
  let raw: Record<string, unknown> = {};
  let problem: ConfigProblem | undefined;

  const initial = parseConfigText(lastText);
  if (initial.ok) {
    config = initial.config;
    raw = initial.raw;
  } else {
    // Start empty but never touch the file: the user fixes it and the watcher picks it up.
    problem = initial.problem;
    log.error('config file has a problem; starting with no servers until it is fixed', {
      path: file,
      ...problem,
    });
  }

  const emitChange = (next: GatewayConfig, prev: GatewayConfig, source: ConfigSource) => {
    for (const l of changeListeners) {
      l(next, prev, source);
    }
  };

  /** Adopt `fresh` text from disk if it validates; returns the problem otherwise. */
  const adopt = (fresh: string): ConfigProblem | undefined => {
    if (fresh === lastText && problem === undefined) {
      return undefined;
    }
    const outcome = parseConfigText(fresh);
    lastText = fresh;
    if (!outcome.ok) {
      problem = outcome.problem;
      log.warn('config edit rejected; the last good config stays in force', { path: file, ...problem });
      for (const l of problemListeners) {
        l(problem);
      }
      return problem;
    }
    problem = undefined;
    const prev = config;
    config = outcome.config;
    raw = outcome.raw;
    if (!isDeepStrictEqual(prev, config)) {
      log.info('config reloaded from file', { path: file });
      emitChange(config, prev, 'file');
    }
    return undefined;
  };

  // All reads-then-writes go through one queue so API writes and reloads never interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  /**
   * Re-read the file. Never rejects: a read that fails (EBUSY from an antivirus, EISDIR, EIO)
   * is treated like a broken edit — the last good config stays in force and the problem is
   * reported — because the watcher calls this with nobody to catch a rejection.
   */
  const reload = () =>
    serial(async () => {
      let fresh: string | undefined;
      try {
        fresh = await read(file);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        problem = {
          message: `could not read ${file} (${e.code ?? e.message}); the last good config stays in force — it is read again on the next change`,
        };
        log.warn('config file could not be read; the last good config stays in force', {
          path: file,
          err: e.message,
        });
        for (const l of problemListeners) {
          l(problem);
        }
        return;
      }
      if (fresh === undefined) {
        log.warn(
          'config file was removed; keeping the running config (it is written again on the next change)',
          {
            path: file,
          },
        );
        return;
      }
      adopt(fresh);
    }).catch((err: unknown) => {
      // A listener that threw must not turn a reload into an unhandled rejection.
      log.error('config reload failed', { path: file, err: errorText(err) });
    });

  let watcher: FSWatcher | undefined;
  if (options.watch !== false) {
    watcher = watch(file, {
      ignoreInitial: true,
      awaitWriteFinish: { stabilityThreshold: 80, pollInterval: 20 },
      atomic: true,
    });
    watcher.on('change', () => void reload());
    watcher.on('add', () => void reload());
    watcher.on('error', (err) => log.warn('config watcher error', { err: String(err) }));
    await new Promise<void>((resolve) => watcher?.once('ready', () => resolve()));
  }

  return {
    path: file,
    current: () => config,
    problem: () => problem,
    reload,
    update: (edit: (draft: GatewayConfigDraft) => void, source: ConfigSource = 'api') =>
      serial(async () => {
        const fresh = (await read(file)) ?? '';
        // A hand edit the watcher has not delivered yet becomes the base, so it is not lost.
        if (fresh !== lastText || problem !== undefined) {
          const p = adopt(fresh);
          if (p !== undefined) {
            throw new GatewayError(
              'CONFIG_INVALID',
              `the config file ${file} has a problem${p.line ? ` at line ${p.line}` : ''}: ${p.message} — fix the file first; nothing was changed`,
            );
          }
        }
        const draft: GatewayConfigDraft = structuredClone({
          gateway: (raw.gateway ?? {}) as Record<string, unknown>,
          mcpServers: (raw.mcpServers ?? {}) as GatewayConfigDraft['mcpServers'],
        });
        edit(draft);
        const nextRaw: Record<string, unknown> = {
          ...raw,
          gateway: draft.gateway,
          mcpServers: draft.mcpServers,
        };
        if (raw.gateway === undefined && Object.keys(draft.gateway).length === 0) {
          delete nextRaw.gateway;
        }
        const parsed = GatewayConfigSchema.safeParse(nextRaw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue
            ? formatPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'))
            : '';
          throw new GatewayError(
            'VALIDATION_FAILED',
            `${field ? field + ': ' : ''}${issue?.message ?? 'invalid'}`,
            {
              field,
            },
          );
        }
        const base = fresh.trim() === '' ? '{}\n' : fresh;
        const nextText = editText(base, raw, nextRaw);
        if (nextText === base) {
          return config;
        }
        try {
          await mkdir(path.dirname(file), { recursive: true });
          await writeFileAtomic(file, nextText);
        } catch (err) {
          throw new GatewayError(
            'CONFIG_WRITE_FAILED',
            `could not write ${file}: ${(err as Error).message}`,
            {
              cause: err,
            },
          );
        }
        lastText = nextText;
        const prev = config;
        config = parsed.data;
        raw = nextRaw;
        emitChange(config, prev, source);
        return config;
      }),
    onChange(listener) {
      changeListeners.add(listener);
      return { dispose: () => changeListeners.delete(listener) };
    },
    onProblem(listener) {
      problemListeners.add(listener);
      return { dispose: () => problemListeners.delete(listener) };
    },
    async close() {
      await queue;
      await watcher?.close();
    },
  };
}
