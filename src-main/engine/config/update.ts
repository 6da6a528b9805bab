import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import writeFileAtomic from 'write-file-atomic';

import { type GatewayConfig, GatewayConfigSchema } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { ConfigSource, GatewayConfigDraft } from '../types.js';
import { adopt, type ConfigState, emitChange } from './config-state.js';
import { formatPath } from './parse.js';
import { editText } from './text-edits.js';

/** A hand edit the watcher has not delivered yet becomes the base, so it is not lost. */
function adoptUnseenEdit(state: ConfigState, fresh: string): void {
  if (fresh === state.lastText && state.problem === undefined) {
    return;
  }
  const p = adopt(state, fresh);
  if (p !== undefined) {
    throw new GatewayError(
      'CONFIG_INVALID',
      `the config file ${state.file} has a problem${p.line ? ` at line ${p.line}` : ''}: ${p.message} — fix the file first; nothing was changed`,
    );
  }
}

/** The raw config after `edit`, run on a deep copy of the raw `gateway` and `mcpServers`. */
function editedRaw(raw: Record<string, unknown>, edit: (draft: GatewayConfigDraft) => void) {
  const draft: GatewayConfigDraft = structuredClone({
    gateway: (raw.gateway ?? {}) as Record<string, unknown>,
    mcpServers: (raw.mcpServers ?? {}) as GatewayConfigDraft['mcpServers'],
  });
  edit(draft);
  const nextRaw: Record<string, unknown> = { ...raw, gateway: draft.gateway, mcpServers: draft.mcpServers };
  if (raw.gateway === undefined && Object.keys(draft.gateway).length === 0) {
    delete nextRaw.gateway;
  }
  return nextRaw;
}

/** The validated config, or the first problem, named by its field. */
function validated(nextRaw: Record<string, unknown>): GatewayConfig {
  const parsed = GatewayConfigSchema.safeParse(nextRaw);
  if (parsed.success) {
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  const field = issue
    ? formatPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'))
    : '';
  throw new GatewayError('VALIDATION_FAILED', `${field ? field + ': ' : ''}${issue?.message ?? 'invalid'}`, {
    field,
  });
}

async function writeText(file: string, text: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, text);
  } catch (err) {
    throw new GatewayError('CONFIG_WRITE_FAILED', `could not write ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/**
 * Change the config from the file as it is now: the edit is validated, then written as minimal
 * text edits (comments, formatting and unknown keys survive) and adopted. Run in the store's queue.
 */
export async function updateConfig(
  state: ConfigState,
  read: (file: string) => Promise<string | undefined>,
  edit: (draft: GatewayConfigDraft) => void,
  source: ConfigSource,
): Promise<GatewayConfig> {
  const fresh = (await read(state.file)) ?? '';
  adoptUnseenEdit(state, fresh);
  const nextRaw = editedRaw(state.raw, edit);
  const next = validated(nextRaw);
  const base = fresh.trim() === '' ? '{}\n' : fresh;
  const nextText = editText(base, state.raw, nextRaw);
  if (nextText === base) {
    return state.config;
  }
  await writeText(state.file, nextText);
  state.lastText = nextText;
  const prev = state.config;
  state.config = next;
  state.raw = nextRaw;
  emitChange(state, next, prev, source);
  return next;
}
