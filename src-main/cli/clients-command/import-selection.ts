import type { MergedServer } from '../../engine/clients/index.js';
import { CliError } from '../output.js';

/** Which of the found servers `clients import` takes, under which names, and what it leaves out. */

export interface ImportChoice {
  all?: boolean;
  includeProject?: boolean;
  from?: string;
  as?: string[];
}

export interface ImportSelectionResult {
  /** The servers to import. */
  pool: MergedServer[];
  /** Servers from projects' files that "all" left out. */
  projectScoped: MergedServer[];
  /** The line that says what was left out and how to take it, when something was. */
  leftOut: string | undefined;
  /** New names by server id (`--as`). */
  names: Record<string, string>;
}

function matches(m: MergedServer, w: string): boolean {
  return m.id === w || m.suggestedName === w || m.sources.some((x) => x.name === w);
}

function byName(pool: MergedServer[], wanted: string[]): MergedServer[] {
  if (wanted.length === 0) {
    throw new CliError('name the servers to import (see `mcp-gateway clients list`), or use --all');
  }
  const missing = wanted.filter((w) => !pool.some((m) => matches(m, w)));
  if (missing.length > 0) {
    throw new CliError(
      `no server called ${missing.map((m) => `"${m}"`).join(', ')} was found: \`mcp-gateway clients list\` shows what there is`,
    );
  }
  return pool.filter((m) => wanted.some((w) => matches(m, w)));
}

function leftOutLine(projectScoped: MergedServer[]): string | undefined {
  if (projectScoped.length === 0) {
    return undefined;
  }
  const n = projectScoped.length;
  return (
    `left out ${n} server${n === 1 ? '' : 's'} from project files: ` +
    projectScoped.map((m) => `${m.suggestedName} (${m.project ?? m.sources[0]?.file ?? ''})`).join(', ') +
    ' — import them by name, or add --include-project; they wait for your approval before they run\n'
  );
}

function renames(pool: MergedServer[], pairs: string[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const pair of pairs) {
    const [key, name] = pair.split('=');
    const m = pool.find((x) => x.id === key || x.suggestedName === key);
    if (m === undefined || name === undefined || name === '') {
      throw new CliError(`--as ${pair}: write it as <name-or-id>=<new name>, for a server being imported`);
    }
    names[m.id] = name;
  }
  return names;
}

export function selectImports(
  servers: MergedServer[],
  clientIds: string[],
  wanted: string[],
  opts: ImportChoice,
): ImportSelectionResult {
  if (opts.from !== undefined && !clientIds.includes(opts.from)) {
    throw new CliError(`unknown client "${opts.from}": use one of ${clientIds.join(', ')}`);
  }
  let pool = servers.filter((m) => opts.from === undefined || m.sources.some((x) => x.client === opts.from));
  if (opts.all !== true) {
    pool = byName(pool, wanted);
  }
  // A project's file (often a cloned repository's) is not the user's choice: "all" leaves its
  // servers out unless asked to take them too, and says so.
  const projectScoped =
    opts.all === true && opts.includeProject !== true ? pool.filter((m) => m.scope !== 'user') : [];
  pool = pool.filter((m) => !projectScoped.includes(m));
  return { pool, projectScoped, leftOut: leftOutLine(projectScoped), names: renames(pool, opts.as ?? []) };
}

/** How `--json` names what "all" left out. */
export function leftOutJson(projectScoped: MergedServer[]): object[] {
  return projectScoped.map((m) => ({ name: m.suggestedName, id: m.id, scope: m.scope, project: m.project }));
}
