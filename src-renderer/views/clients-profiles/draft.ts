import type { ProfileConfig } from '../../../src-shared/config.js';
import { ApiError } from '../../api/client.js';

/** The form's fields as typed; globs and pins are one per line. */
export interface Draft {
  name: string;
  description: string;
  allServers: boolean;
  servers: string[];
  allow: string;
  deny: string;
  mode: '' | 'all' | 'meta';
  pinned: string;
  rateLimit: string;
}

export type FieldName =
  'name' | 'description' | 'servers' | 'allow' | 'deny' | 'mode' | 'pinned' | 'rateLimit';
/** Each field's error, shown under it. */
export type FieldErrors = Partial<Record<FieldName, string>>;

export const FIELDS: readonly FieldName[] = [
  'name',
  'description',
  'servers',
  'allow',
  'deny',
  'mode',
  'pinned',
  'rateLimit',
];

export const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

export function draftOf(name: string, c: ProfileConfig): Draft {
  return {
    name,
    description: c.description ?? '',
    allServers: c.servers === undefined,
    servers: c.servers ?? [],
    allow: (c.allow ?? []).join('\n'),
    deny: (c.deny ?? []).join('\n'),
    mode: c.mode ?? '',
    pinned: (c.pinned ?? []).join('\n'),
    rateLimit: c.rateLimit === undefined ? '' : String(c.rateLimit.requestsPerMinute),
  };
}

/** The profile the draft describes, keeping keys of `base` the form does not know. */
export function configOf(d: Draft, base: ProfileConfig): ProfileConfig {
  const {
    description: _d,
    servers: _s,
    allow: _a,
    deny: _n,
    mode: _m,
    pinned: _p,
    rateLimit: _r,
    ...rest
  } = base;
  const out: Record<string, unknown> = { ...rest };
  if (d.description.trim() !== '') {
    out['description'] = d.description.trim();
  }
  if (!d.allServers) {
    out['servers'] = d.servers;
  }
  for (const [key, text] of [
    ['allow', d.allow],
    ['deny', d.deny],
    ['pinned', d.pinned],
  ] as const) {
    if (lines(text).length > 0) {
      out[key] = lines(text);
    }
  }
  if (d.mode !== '') {
    out['mode'] = d.mode;
  }
  if (d.rateLimit.trim() !== '') {
    // Sent as typed (a number when it is one) so the engine's check names the field.
    const n = Number(d.rateLimit);
    out['rateLimit'] = { requestsPerMinute: Number.isFinite(n) ? n : d.rateLimit };
  }
  return out as ProfileConfig;
}

/** The error's text without the field path the form already shows as the field's label. */
export function fieldMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return err instanceof ApiError && err.field !== undefined && message.startsWith(`${err.field}: `)
    ? message.slice(err.field.length + 2)
    : message;
}

/** The form field an API error is about (`profile.rateLimit.requestsPerMinute` → `rateLimit`). */
export function fieldOf(err: unknown): FieldName | undefined {
  if (!(err instanceof ApiError) || err.field === undefined) {
    return undefined;
  }
  const first = err.field.replace(/^profile\./, '').split(/[.[]/)[0];
  if (first === 'to') {
    return 'name';
  }
  return FIELDS.find((f) => f === first);
}

/** Why the draft cannot be saved before asking the engine (a new profile needs a free name). */
export function nameProblem(name: string, creating: boolean, taken: string[]): string | undefined {
  if (creating && name === '') {
    return 'Give the profile a name, e.g. coding.';
  }
  if (creating && taken.includes(name)) {
    return `There is a profile "${name}" already: pick another name, or edit that one.`;
  }
  return undefined;
}

/** The servers to choose from: the gateway's and any the profile names, sorted. */
export function serverChoices(gateway: string[], chosen: string[]): string[] {
  return [...new Set([...gateway, ...chosen])].sort((a, b) => a.localeCompare(b));
}
