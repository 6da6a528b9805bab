import type { ClientPlanDto, ClientsDetect } from '../../../src-shared/api/clients.js';
import { SERVER_NAME_PATTERN } from '../../../src-shared/config.js';
import type { ClientReport, MergedServer } from '../../stores/clients.js';

export const STEPS = [
  { id: 'scan', label: 'Scan' },
  { id: 'servers', label: 'Servers' },
  { id: 'clients', label: 'Clients' },
  { id: 'preview', label: 'Preview' },
  { id: 'apply', label: 'Apply' },
  { id: 'done', label: 'Done' },
] as const;
export type Step = (typeof STEPS)[number]['id'];

export const STEP_TITLES: Record<Step, string> = {
  scan: 'Looking for AI clients on this computer',
  servers: 'Choose the servers to bring into the gateway',
  clients: 'Choose the clients to point at the gateway',
  preview: 'Review the changes to each file',
  apply: 'Applying',
  done: 'Your clients',
};

export type Preview =
  { state: 'loading' } | { state: 'ready'; plan: ClientPlanDto } | { state: 'error'; error: unknown };
export type Outcome =
  | { state: 'waiting' }
  | { state: 'running' }
  | { state: 'ok'; changed: boolean; reloadHint: string }
  | { state: 'error'; error: unknown };
export interface ImportOutcome {
  state: 'skipped' | 'running' | 'ok' | 'error';
  added?: string[];
  skipped?: string[];
  error?: unknown;
  /** Secrets moved to the keychain (`${secret:NAME}` references) and those that could not be. */
  kept?: string[];
  /** Imported servers that wait for the person's approval before they run. */
  pending?: string[];
  keepErrors?: Array<{ what: string; error: unknown }>;
}

/** A value flagged as a secret that the person chose to keep in the keychain, with the value they pasted. */
export interface Keep {
  on: boolean;
  value: string;
}
export const keepKey = (id: string, field: string, key: string): string => `${id}\u0000${field}\u0000${key}`;

/** `${secret:NAME}` names allow letters, digits, "-", "_" and "." only. */
export function secretName(server: string, key: string): string {
  return `${server}-${key}`
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 128);
}

/** Servers that can be brought in: readable, and not already served by the gateway. */
export function importable(detect: ClientsDetect): MergedServer[] {
  return detect.servers.filter((s) => s.inGateway === undefined);
}

/** A client can be pointed at the gateway when it has a file for the entry that can be read. */
export function connectBlocker(c: ClientReport): string | undefined {
  const targets = c.files.filter((f) => f.connectTarget);
  const broken = targets.find((f) => f.problem !== undefined);
  if (broken?.problem !== undefined) {
    const where = broken.problem.line === undefined ? '' : ` at line ${broken.problem.line}`;
    return `${broken.file} cannot be read${where}: ${broken.problem.message}. Fix it by hand; the gateway will not touch it.`;
  }
  if (targets.length === 0) {
    return 'This client has no config file the gateway can write to.';
  }
  return undefined;
}

/**
 * Default choices: every server from a client's own settings, except the later variants of a name
 * in conflict. Servers found only in a project's file (a cloned repository can bring one) are
 * never ticked for the person: they choose each one themselves.
 */
export function defaultPicks(detect: ClientsDetect): Record<string, boolean> {
  const later = new Set(detect.conflicts.flatMap((c) => c.ids.slice(1)));
  return Object.fromEntries(importable(detect).map((s) => [s.id, !later.has(s.id) && s.scope === 'user']));
}

/** Clients ticked at first: those not connected yet that have a config the gateway can write. */
export function defaultClients(clients: ClientReport[]): Record<string, boolean> {
  return Object.fromEntries(
    clients.map((c) => [c.id, !c.connected && connectBlocker(c) === undefined && c.hasConfig]),
  );
}

/** The clients a server was found in, by name. */
export function clientNames(detect: ClientsDetect, s: MergedServer): string {
  const byId = new Map(detect.clients.map((c) => [c.id, c.name]));
  return [...new Set(s.sources.map((x) => byId.get(x.client) ?? x.client))].join(', ');
}

/** The name a chosen server gets in the gateway. */
export function gatewayName(s: MergedServer, names: Record<string, string>): string {
  return (names[s.id] ?? s.suggestedName).trim();
}

/** Why each chosen server's name cannot be used (empty name, bad characters, taken). */
export function nameProblems(
  chosen: MergedServer[],
  names: Record<string, string>,
  taken: Record<string, unknown>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const s of chosen) {
    const n = gatewayName(s, names);
    if (!SERVER_NAME_PATTERN.test(n)) {
      problems[s.id] = 'Use letters, digits, "-", "_" or "." (up to 48, starting with a letter or digit).';
    } else if (taken[n] !== undefined) {
      problems[s.id] = `The gateway already has a server named "${n}": pick another name.`;
    } else if (seen.has(n)) {
      problems[s.id] = `Two chosen servers are both named "${n}": rename one, or import only one of them.`;
    }
    seen.set(n, s.id);
  }
  return problems;
}

/** A secret to keep in the store needs its value (the gateway only shows it redacted). */
export function secretProblems(chosen: MergedServer[], keep: Record<string, Keep>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const s of chosen) {
    const missing = s.secrets.find(
      (f) =>
        keep[keepKey(s.id, f.field, f.key)]?.on === true && keep[keepKey(s.id, f.field, f.key)]?.value === '',
    );
    if (missing !== undefined) {
      problems[s.id] =
        `Paste the value of ${missing.key} to keep it in the secret store, or untick that option.`;
    }
  }
  return problems;
}

/** The names a client knows the chosen servers by, for removing them from its files (or false). */
export function removals(
  removeImported: boolean,
  chosen: MergedServer[],
  clientId: string,
): string[] | false {
  return removeImported
    ? [...new Set(chosen.flatMap((s) => s.sources.filter((x) => x.client === clientId).map((x) => x.name)))]
    : false;
}

/** Whether files are being written: the dialog then stays open so every result is seen. */
export function isApplying(
  step: Step,
  importOutcome: ImportOutcome,
  outcomes: Record<string, Outcome>,
): boolean {
  return (
    step === 'apply' &&
    (importOutcome.state === 'running' ||
      Object.values(outcomes).some((o) => o.state === 'running' || o.state === 'waiting'))
  );
}

/** The import's result line. */
export function importLine(o: ImportOutcome): string {
  if (o.state === 'running') {
    return 'Importing servers…';
  }
  if (o.state === 'error') {
    return 'The servers were not imported';
  }
  if (o.added === undefined || o.added.length === 0) {
    return 'No server was imported';
  }
  const allPending = o.added.every((a) => o.pending?.includes(a) === true);
  return `Imported ${o.added.join(', ')}${allPending ? '' : ': starting in the gateway'}`;
}

/** A client's result line while applying. */
export function outcomeLine(name: string, o: Outcome): string {
  switch (o.state) {
    case 'waiting':
      return `${name}: waiting`;
    case 'running':
      return `${name}: connecting…`;
    case 'ok':
      return o.changed ? `${name} now uses the gateway` : `${name} already used the gateway`;
    case 'error':
      return `${name} was not connected`;
  }
}
