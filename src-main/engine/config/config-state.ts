import { isDeepStrictEqual } from 'node:util';

import { type GatewayConfig, GatewayConfigSchema } from '../../../src-shared/config.js';
import type { ConfigProblem, ConfigSource, Logger } from '../types.js';
import { parseConfigText } from './parse.js';

export type ChangeListener = (config: GatewayConfig, previous: GatewayConfig, source: ConfigSource) => void;

/**
 * The config in force and what it came from, shared by the store's parts: the last text read or
 * written, the validated config, the raw object it parsed from (edits start from it), the
 * problem of the last text (undefined when it was good), and who listens.
 */
export interface ConfigState {
  readonly file: string;
  readonly log: Logger;
  lastText: string;
  config: GatewayConfig;
  raw: Record<string, unknown>;
  problem: ConfigProblem | undefined;
  readonly changeListeners: Set<ChangeListener>;
  readonly problemListeners: Set<(problem: ConfigProblem) => void>;
}

/** The state for the file's first text: a file with a problem starts empty, never rewritten. */
export function initialState(file: string, log: Logger, text: string): ConfigState {
  const state: ConfigState = {
    file,
    log,
    lastText: text,
    config: GatewayConfigSchema.parse({}),
    raw: {},
    problem: undefined,
    changeListeners: new Set(),
    problemListeners: new Set(),
  };
  const initial = parseConfigText(text);
  if (initial.ok) {
    state.config = initial.config;
    state.raw = initial.raw;
  } else {
    // Start empty but never touch the file: the user fixes it and the watcher picks it up.
    state.problem = initial.problem;
    log.error('config file has a problem; starting with no servers until it is fixed', {
      path: file,
      ...state.problem,
    });
  }
  return state;
}

export function emitChange(
  state: ConfigState,
  next: GatewayConfig,
  prev: GatewayConfig,
  source: ConfigSource,
): void {
  for (const l of state.changeListeners) {
    l(next, prev, source);
  }
}

/** The last good config stays in force; the problem is kept and reported. */
export function reportProblem(state: ConfigState, problem: ConfigProblem): void {
  state.problem = problem;
  for (const l of state.problemListeners) {
    l(problem);
  }
}

/** Adopt `fresh` text from disk if it validates; returns the problem otherwise. */
export function adopt(state: ConfigState, fresh: string): ConfigProblem | undefined {
  if (fresh === state.lastText && state.problem === undefined) {
    return undefined;
  }
  const outcome = parseConfigText(fresh);
  state.lastText = fresh;
  if (!outcome.ok) {
    state.log.warn('config edit rejected; the last good config stays in force', {
      path: state.file,
      ...outcome.problem,
    });
    reportProblem(state, outcome.problem);
    return outcome.problem;
  }
  state.problem = undefined;
  const prev = state.config;
  state.config = outcome.config;
  state.raw = outcome.raw;
  if (!isDeepStrictEqual(prev, state.config)) {
    state.log.info('config reloaded from file', { path: state.file });
    emitChange(state, state.config, prev, 'file');
  }
  return undefined;
}
