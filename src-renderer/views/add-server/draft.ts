import { parse as shellParse } from 'shell-quote';

import { SERVER_NAME_PATTERN, type ServerConfig, ServerConfigSchema } from '../../../src-shared/config.js';
import { type ParsedServer, quoteArgs, suggestName } from '../../../src-shared/server-snippets.js';
import { fromPairs, type KvPair, toPairs } from '../../components/kv-editor.js';

/** The add-server form as typed. */
export interface Draft {
  name: string;
  kind: 'stdio' | 'remote';
  command: string;
  args: string;
  cwd: string;
  env: KvPair[];
  url: string;
  type: 'auto' | 'http' | 'sse';
  headers: KvPair[];
  description: string;
}

/** The empty form (also what Clear puts back). */
export const EMPTY_DRAFT: Draft = {
  name: '',
  kind: 'stdio',
  command: '',
  args: '',
  cwd: '',
  env: [],
  url: '',
  type: 'auto',
  headers: [],
  description: '',
};

/** The form filled from a pasted or found server (its name suggested when it has none). */
export function draftFrom(p: ParsedServer): Draft {
  const c = p.config;
  const type =
    c.type === 'http' || c.type === 'streamable-http' || c.type === 'streamableHttp'
      ? 'http'
      : c.type === 'sse'
        ? 'sse'
        : 'auto';
  return {
    name: p.name || suggestName(c),
    kind: c.url !== undefined ? 'remote' : 'stdio',
    command: c.command ?? '',
    args: quoteArgs(c.args ?? []),
    cwd: c.cwd ?? '',
    env: toPairs(c.env),
    url: c.url ?? '',
    type,
    headers: toPairs(c.headers),
    description: c.description ?? '',
  };
}

/** A problem per field, and `form` for one the schema finds elsewhere. */
export type Errors = Partial<Record<'name' | 'command' | 'args' | 'url' | 'form', string>>;

/** Build the config and check it with the same schema the engine uses, field by field. */
export function buildConfig(
  d: Draft,
  existing: readonly string[],
): { config?: ServerConfig; errors: Errors } {
  const errors: Errors = {};
  if (d.name.trim() === '') {
    errors.name = 'Give the server a name, e.g. "github".';
  } else if (!SERVER_NAME_PATTERN.test(d.name.trim())) {
    errors.name =
      'Use letters, digits, "-", "_" and "." (start with a letter or digit, at most 48 characters).';
  } else if (existing.includes(d.name.trim())) {
    errors.name = `A server named "${d.name.trim()}" already exists. Pick another name.`;
  }
  let config: ServerConfig;
  if (d.kind === 'stdio') {
    if (d.command.trim() === '') {
      errors.command = 'Enter the program to run, e.g. npx, uvx, node or a full path.';
    } else if (/\s/.test(d.command.trim()) && d.args.trim() === '') {
      errors.command =
        'Put only the program here and its arguments in "Arguments" (e.g. npx, then -y package).';
    }
    // $VAR and ${VAR} stay as ${VAR}: the gateway expands them from its environment at start.
    const parsed = shellParse(d.args, (key) => `\${${key}}`);
    if (parsed.some((t) => typeof t !== 'string')) {
      errors.args =
        'Arguments cannot contain shell operators (|, >, &&, globs). Quote them if they are literal.';
    }
    config = { command: d.command.trim(), args: parsed.filter((t): t is string => typeof t === 'string') };
    const env = fromPairs(d.env);
    if (env !== undefined) {
      config.env = env;
    }
    if (d.cwd.trim() !== '') {
      config.cwd = d.cwd.trim();
    }
  } else {
    if (d.url.trim() === '') {
      errors.url = 'Enter the server URL, e.g. https://example.com/mcp.';
    }
    config = { url: d.url.trim() };
    if (d.type !== 'auto') {
      config.type = d.type;
    }
    const headers = fromPairs(d.headers);
    if (headers !== undefined) {
      config.headers = headers;
    }
  }
  if (d.description.trim() !== '') {
    config.description = d.description.trim();
  }
  const r = ServerConfigSchema.safeParse(config);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const key = issue.path[0] === 'url' ? 'url' : issue.path[0] === 'command' ? 'command' : 'form';
      errors[key] ??= issue.message;
    }
  }
  return Object.keys(errors).length === 0 ? { config, errors } : { errors };
}

/** The first problem of a draft that cannot be added, as the paste list shows it. */
export function firstProblem(errors: Errors): string {
  return Object.values(errors)[0] ?? 'not valid';
}
