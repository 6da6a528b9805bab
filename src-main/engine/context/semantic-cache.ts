import { readFileSync, statSync } from 'node:fs';

import writeFileAtomic from 'write-file-atomic';

import type { Logger } from '../types.js';
import type { SemanticContext } from './semantic-state.js';

/**
 * Tool vectors kept in memory and in the data folder (`search-embeddings.json`), least recently
 * used dropped first; a burst of changes is one write, after a short delay.
 */

const FILE_VERSION = 1;
const MAX_FILE_BYTES = 128 * 1024 * 1024;

export function loadCache(file: string, max: number, logger: Logger): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  try {
    if (statSync(file).size > MAX_FILE_BYTES) {
      logger.warn('the embeddings cache is too large and is ignored', { file });
      return out;
    }
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; entries?: unknown };
    if (parsed.version !== FILE_VERSION || !Array.isArray(parsed.entries)) {
      return out;
    }
    for (const e of parsed.entries as unknown[]) {
      if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'string') {
        continue;
      }
      const bytes = Buffer.from(e[1], 'base64');
      if (bytes.byteLength === 0 || bytes.byteLength % 4 !== 0) {
        continue;
      }
      // Copy into an aligned buffer of its own (a Buffer may share a pool at any offset).
      const v = new Float32Array(bytes.byteLength / 4);
      new Uint8Array(v.buffer).set(bytes);
      if (v.every((x) => Number.isFinite(x))) {
        out.set(e[0], v);
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      logger.warn('could not read the embeddings cache; vectors will be computed again', {
        error: String(err),
      });
    }
  }
  while (out.size > max) {
    const oldest = out.keys().next().value;
    if (oldest === undefined) {
      break;
    }
    out.delete(oldest);
  }
  return out;
}

/** The vectors, read from the cache file on first use. */
export function store(ctx: SemanticContext): Map<string, Float32Array> {
  ctx.vectors ??=
    ctx.options.file !== undefined ? loadCache(ctx.options.file, ctx.maxVectors, ctx.logger) : new Map();
  return ctx.vectors;
}

/** Keep a vector as the most recently used, dropping the least recently used past the limit. */
export function put(ctx: SemanticContext, key: string, v: Float32Array): void {
  const m = store(ctx);
  m.delete(key);
  m.set(key, v);
  while (m.size > ctx.maxVectors) {
    const oldest = m.keys().next().value;
    if (oldest === undefined) {
      break;
    }
    m.delete(oldest);
  }
}

export function scheduleSave(ctx: SemanticContext): void {
  if (ctx.options.file === undefined || ctx.saveTimer !== undefined || ctx.closed) {
    return;
  }
  ctx.saveTimer = setTimeout(() => {
    ctx.saveTimer = undefined;
    void writeCache(ctx);
  }, ctx.saveDelayMs);
  ctx.saveTimer.unref?.();
}

export function writeCache(ctx: SemanticContext): Promise<void> {
  const file = ctx.options.file;
  const v = ctx.vectors;
  if (file === undefined || v === undefined) {
    return ctx.saving;
  }
  const entries = [...v].map(([k, vec]) => [
    k,
    Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength).toString('base64'),
  ]);
  ctx.saving = ctx.saving
    .then(() => writeFileAtomic(file, JSON.stringify({ version: FILE_VERSION, entries }), { mode: 0o600 }))
    .catch((err: unknown) => ctx.logger.warn('could not save the embeddings cache', { error: String(err) }));
  return ctx.saving;
}

/** Write pending changes now (or wait for the write under way). */
export function flushCache(ctx: SemanticContext): Promise<void> {
  if (ctx.saveTimer !== undefined) {
    clearTimeout(ctx.saveTimer);
    ctx.saveTimer = undefined;
    return writeCache(ctx);
  }
  return ctx.saving;
}
