import type { Command } from 'commander';

import type { ProfileConfig } from '../../src-shared/config.js';
import { CliError } from './output.js';

/** A profile's fields as `profiles create` and `edit` take them, and applying them over a profile. */

export interface FieldOpts {
  description?: string;
  servers?: string[];
  allow?: string[];
  deny?: string[];
  mode?: string;
  pin?: string[];
  rateLimit?: string;
  clear?: string[];
}

/** Field names `--clear` takes, as the config spells them. */
export const CLEARABLE = ['description', 'servers', 'allow', 'deny', 'mode', 'pinned', 'rateLimit'] as const;

export function fieldOptions(cmd: Command): Command {
  return cmd
    .option('--description <text>', 'shown in the dashboard')
    .option('--servers <name...>', 'only these servers (default: every server)')
    .option('--allow <glob...>', 'keep only tools whose exposed name (<server>__<tool>) matches a glob')
    .option('--deny <glob...>', 'hide tools whose exposed name matches a glob (deny wins over allow)')
    .option(
      '--mode <mode>',
      '"all" (every tool) or "meta" (search-and-invoke tools); default: the gateway\'s mode',
    )
    .option('--pin <tool...>', 'exposed tool names listed next to the meta tools in meta mode')
    .option('--rate-limit <n>', 'MCP requests a minute each token of the profile may send');
}

/** The profile with the options applied over `base` (an option replaces that whole field). */
export function applyOptions(base: ProfileConfig, opts: FieldOpts): ProfileConfig {
  const next: Record<string, unknown> = { ...base };
  for (const field of opts.clear ?? []) {
    if (!(CLEARABLE as readonly string[]).includes(field)) {
      throw new CliError(`--clear takes ${CLEARABLE.join(', ')}; "${field}" is none of them`);
    }
    delete next[field];
  }
  if (opts.description !== undefined) {
    next['description'] = opts.description;
  }
  if (opts.servers !== undefined) {
    next['servers'] = opts.servers;
  }
  if (opts.allow !== undefined) {
    next['allow'] = opts.allow;
  }
  if (opts.deny !== undefined) {
    next['deny'] = opts.deny;
  }
  if (opts.mode !== undefined) {
    if (opts.mode !== 'all' && opts.mode !== 'meta') {
      throw new CliError(`--mode is "all" or "meta", not "${opts.mode}"`);
    }
    next['mode'] = opts.mode;
  }
  if (opts.pin !== undefined) {
    next['pinned'] = opts.pin;
  }
  if (opts.rateLimit !== undefined) {
    const n = Number(opts.rateLimit);
    if (!Number.isInteger(n) || n <= 0) {
      throw new CliError(
        `--rate-limit is a whole number of requests a minute, above 0 (not "${opts.rateLimit}")`,
      );
    }
    next['rateLimit'] = { requestsPerMinute: n };
  }
  return next as ProfileConfig;
}
