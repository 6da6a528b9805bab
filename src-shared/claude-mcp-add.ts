import { parse as shellParse } from 'shell-quote';

import type { ServerConfig } from './config.js';
import type { ParseResult } from './server-snippets.js';

/** What a `claude mcp add` line says, before it becomes a server entry. */
interface AddArgs {
  env: Record<string, string>;
  headers: Record<string, string>;
  transport: string | undefined;
  /** The words that are not options: the name, then a command or URL when there is no `--`. */
  positional: string[];
  /** What follows `--`. */
  command: string[] | undefined;
}

type Failed = { ok: false; error: string };

/** The line as shell words; $VAR and ${VAR} are kept as ${VAR} for the gateway to expand, not expanded here. */
function commandWords(text: string): string[] | Failed {
  const tokens = shellParse(text.trim().replace(/\\\r?\n/g, ' '), (key) => `\${${key}}`).map((t) =>
    typeof t === 'string' ? t : null,
  );
  if (tokens.some((t) => t === null)) {
    return {
      ok: false,
      error: 'The command contains shell operators (|, >, &&, ...). Paste a single command.',
    };
  }
  return tokens as string[];
}

/** `KEY=value` of -e, and `Name: value` of --header, each with what to write when it is wrong. */
function readPair(kind: 'env' | 'header', v: string | undefined): [string, string] | Failed {
  const at = v?.indexOf(kind === 'env' ? '=' : ':') ?? -1;
  if (v === undefined || at <= 0) {
    return kind === 'env'
      ? { ok: false, error: `-e needs KEY=value (got "${v ?? ''}")` }
      : { ok: false, error: `--header needs "Name: value" (got "${v ?? ''}")` };
  }
  return kind === 'env' ? [v.slice(0, at), v.slice(at + 1)] : [v.slice(0, at).trim(), v.slice(at + 1).trim()];
}

/** The options and words after `add`: -e/--env K=V, -t/--transport, -H/--header, -s/--scope (ignored). */
function readAddArgs(words: readonly string[], start: number): AddArgs | Failed {
  const a: AddArgs = { env: {}, headers: {}, transport: undefined, positional: [], command: undefined };
  for (let i = start; i < words.length; i++) {
    const w = words[i] as string;
    const next = (): string | undefined => words[++i];
    if (w === '--') {
      a.command = words.slice(i + 1);
      break;
    }
    if (
      w === '-e' ||
      w === '--env' ||
      w.startsWith('--env=') ||
      w === '-H' ||
      w === '--header' ||
      w.startsWith('--header=')
    ) {
      const env = w === '-e' || w.startsWith('--env');
      const inline = env ? '--env=' : '--header=';
      const pair = readPair(env ? 'env' : 'header', w.startsWith(inline) ? w.slice(inline.length) : next());
      if (!Array.isArray(pair)) {
        return pair;
      }
      (env ? a.env : a.headers)[pair[0]] = pair[1];
    } else if (w === '-t' || w === '--transport' || w.startsWith('--transport=')) {
      a.transport = w.startsWith('--transport=') ? w.slice(12) : next();
    } else if (w === '-s' || w === '--scope') {
      next();
    } else if (w.startsWith('--scope=')) {
      // ignored: the gateway has one scope
    } else if (w.startsWith('-') && a.positional.length === 0) {
      return { ok: false, error: `Unknown option ${w}` };
    } else {
      a.positional.push(w);
    }
  }
  return a;
}

/** The server entry: a remote one for a URL (or an http/sse transport), else the command to run. */
function addedServer(a: AddArgs): ParseResult {
  const name = a.positional[0];
  if (name === undefined) {
    return { ok: false, error: 'The command has no server name: claude mcp add NAME -- command' };
  }
  const command = a.command ?? (a.positional.length > 1 ? a.positional.slice(1) : undefined);
  if (command === undefined || command.length === 0) {
    return { ok: false, error: `Nothing to run for "${name}": add "-- command args" or a URL.` };
  }
  const first = command[0] as string;
  const isUrl = /^https?:\/\//i.test(first);
  const { transport, headers, env } = a;
  if (transport === 'http' || transport === 'sse' || isUrl) {
    if (!isUrl) {
      return { ok: false, error: `--transport ${transport ?? ''} needs a URL after the name` };
    }
    const config: ServerConfig = { url: first };
    if (transport === 'http' || transport === 'sse') {
      config.type = transport;
    }
    if (Object.keys(headers).length > 0) {
      config.headers = headers;
    }
    return { ok: true, servers: [{ name, config }] };
  }
  const config: ServerConfig = { command: first, args: command.slice(1) };
  if (Object.keys(env).length > 0) {
    config.env = env;
  }
  return { ok: true, servers: [{ name, config }] };
}

/**
 * `claude mcp add [opts] <name> -- <command> [args...]` or
 * `claude mcp add --transport http|sse <name> <url> [--header "K: V"]`.
 * Options: -e/--env K=V, -s/--scope (ignored), -t/--transport, -H/--header.
 */
export function parseClaudeMcpAdd(text: string): ParseResult {
  const words = commandWords(text);
  if (!Array.isArray(words)) {
    return words;
  }
  let i = 0;
  if (words[i] === 'claude') {
    i++;
  }
  if (words[i] === 'mcp') {
    i++;
  }
  if (words[i] !== 'add') {
    return { ok: false, error: 'Expected a command like: claude mcp add NAME -- npx -y package' };
  }
  const args = readAddArgs(words, i + 1);
  return 'ok' in args ? args : addedServer(args);
}
