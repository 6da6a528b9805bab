import { parse as shellParse } from 'shell-quote';

import { SERVER_NAME_PATTERN, type ServerConfig } from './config.js';
import { isObject } from './values.js';

/**
 * Turns what people paste into server entries: a JSON `mcpServers` block (whole client config,
 * the block alone, or a single server object) or a `claude mcp add ...` command line. Pure, so the
 * dashboard's Add view and the CLI read snippets the same way.
 */

export interface ParsedServer {
  name: string;
  config: ServerConfig;
}

export type ParseResult = { ok: true; servers: ParsedServer[] } | { ok: false; error: string };

function looksLikeServer(v: unknown): v is Record<string, unknown> {
  return (
    isObject(v) &&
    (typeof v.command === 'string' || typeof v.url === 'string' || typeof v.serverUrl === 'string')
  );
}

/** Strip `//` and `/* *\/` comments and trailing commas that JSONC client configs contain. */
function stripJsonc(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (c === '"') {
        inString = false;
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') {
        i++;
      }
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        i++;
      }
      i++;
    } else {
      out += c;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

function normaliseServer(raw: Record<string, unknown>): ServerConfig {
  const copy: Record<string, unknown> = { ...raw };
  // Windsurf and a few others spell it serverUrl.
  if (copy.url === undefined && typeof copy.serverUrl === 'string') {
    copy.url = copy.serverUrl;
    delete copy.serverUrl;
  }
  // VS Code / Claude Code write "type": "stdio" next to command; harmless but noise.
  if (typeof copy.command === 'string' && copy.type === 'stdio') {
    delete copy.type;
  }
  return copy as ServerConfig;
}

function parseJsonSnippet(text: string): ParseResult {
  let value: unknown;
  const trimmed = text.trim();
  try {
    value = JSON.parse(stripJsonc(trimmed));
  } catch {
    // A bare `"name": { ... }` pair, as copied from the middle of a file.
    try {
      value = JSON.parse(`{${stripJsonc(trimmed).replace(/,\s*$/, '')}}`);
    } catch (err) {
      return { ok: false, error: `This is not valid JSON: ${(err as Error).message}` };
    }
  }
  if (!isObject(value)) {
    return { ok: false, error: 'Paste a JSON object: { "mcpServers": { "name": { "command": ... } } }' };
  }
  let block: Record<string, unknown> | undefined;
  for (const key of ['mcpServers', 'servers', 'context_servers']) {
    const v = value[key];
    if (isObject(v)) {
      block = v;
      break;
    }
  }
  if (isObject(value.mcp) && isObject(value.mcp.servers)) {
    block = value.mcp.servers;
  }
  if (block === undefined) {
    if (looksLikeServer(value)) {
      const name = typeof value.name === 'string' ? value.name : '';
      const rest = { ...value };
      delete rest.name;
      return { ok: true, servers: [{ name, config: normaliseServer(rest) }] };
    }
    block = value;
  }
  const servers: ParsedServer[] = [];
  for (const [name, cfg] of Object.entries(block)) {
    if (!looksLikeServer(cfg)) {
      return { ok: false, error: `"${name}" has neither "command" nor "url", so it is not a server entry.` };
    }
    servers.push({ name, config: normaliseServer(cfg) });
  }
  if (servers.length === 0) {
    return { ok: false, error: 'No servers found in the pasted JSON.' };
  }
  return { ok: true, servers };
}

/**
 * `claude mcp add [opts] <name> -- <command> [args...]` or
 * `claude mcp add --transport http|sse <name> <url> [--header "K: V"]`.
 * Options: -e/--env K=V, -s/--scope (ignored), -t/--transport, -H/--header.
 */
function parseCommandLine(text: string): ParseResult {
  // $VAR and ${VAR} are kept as ${VAR} for the gateway to expand, not expanded here.
  const tokens = shellParse(text.trim().replace(/\\\r?\n/g, ' '), (key) => `\${${key}}`).map((t) =>
    typeof t === 'string' ? t : null,
  );
  if (tokens.some((t) => t === null)) {
    return {
      ok: false,
      error: 'The command contains shell operators (|, >, &&, ...). Paste a single command.',
    };
  }
  const words = tokens as string[];
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
  i++;
  const env: Record<string, string> = {};
  const headers: Record<string, string> = {};
  let transport: string | undefined;
  const positional: string[] = [];
  let command: string[] | undefined;
  for (; i < words.length; i++) {
    const w = words[i] as string;
    const next = (): string | undefined => words[++i];
    if (w === '--') {
      command = words.slice(i + 1);
      break;
    }
    if (w === '-e' || w === '--env' || w.startsWith('--env=')) {
      const kv = w.startsWith('--env=') ? w.slice(6) : next();
      const eq = kv?.indexOf('=') ?? -1;
      if (kv === undefined || eq <= 0) {
        return { ok: false, error: `-e needs KEY=value (got "${kv ?? ''}")` };
      }
      env[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (w === '-t' || w === '--transport' || w.startsWith('--transport=')) {
      transport = w.startsWith('--transport=') ? w.slice(12) : next();
    } else if (w === '-H' || w === '--header' || w.startsWith('--header=')) {
      const h = w.startsWith('--header=') ? w.slice(9) : next();
      const colon = h?.indexOf(':') ?? -1;
      if (h === undefined || colon <= 0) {
        return { ok: false, error: `--header needs "Name: value" (got "${h ?? ''}")` };
      }
      headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
    } else if (w === '-s' || w === '--scope') {
      next();
    } else if (w.startsWith('--scope=')) {
      // ignored: the gateway has one scope
    } else if (w.startsWith('-') && positional.length === 0) {
      return { ok: false, error: `Unknown option ${w}` };
    } else {
      positional.push(w);
    }
  }
  const name = positional[0];
  if (name === undefined) {
    return { ok: false, error: 'The command has no server name: claude mcp add NAME -- command' };
  }
  if (command === undefined && positional.length > 1) {
    command = positional.slice(1);
  }
  if (command === undefined || command.length === 0) {
    return { ok: false, error: `Nothing to run for "${name}": add "-- command args" or a URL.` };
  }
  const first = command[0] as string;
  const isUrl = /^https?:\/\//i.test(first);
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

/** Accepts either form. */
export function parseSnippet(text: string): ParseResult {
  const t = text.trim();
  if (t === '') {
    return { ok: false, error: 'Paste a JSON snippet or a "claude mcp add" command.' };
  }
  if (t.startsWith('{') || t.startsWith('"')) {
    return parseJsonSnippet(t);
  }
  return parseCommandLine(t);
}

/** Suggest a valid server name from a package or URL. */
export function suggestName(config: ServerConfig): string {
  let base = '';
  if (config.url !== undefined) {
    // No URL global in shared code: the host is what sits between "://" and the next "/", ":" or "?".
    const host = /^[a-z]+:\/\/([^/:?#]+)/i.exec(config.url)?.[1] ?? '';
    base = host.split('.').filter((p) => p !== 'www' && p !== 'mcp')[0] ?? '';
  } else {
    const pkg = (config.args ?? []).find((a) => !a.startsWith('-')) ?? config.command ?? '';
    base =
      pkg
        .replace(/@[^/]*$/, '')
        .split('/')
        .pop() ?? '';
    base = base.replace(/^(mcp-server-|server-)/, '').replace(/(-mcp|-mcp-server)$/, '');
  }
  const name = base
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 48);
  return SERVER_NAME_PATTERN.test(name) ? name : 'server';
}

/** Quote arguments for display and editing as a shell line; plain words stay unquoted. */
export function quoteArgs(args: readonly string[]): string {
  return args.map((s) => (/^[\w@%+=:,./${}~-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)).join(' ');
}
