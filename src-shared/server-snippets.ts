import { parseClaudeMcpAdd } from './claude-mcp-add.js';
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

/** Accepts either form. */
export function parseSnippet(text: string): ParseResult {
  const t = text.trim();
  if (t === '') {
    return { ok: false, error: 'Paste a JSON snippet or a "claude mcp add" command.' };
  }
  if (t.startsWith('{') || t.startsWith('"')) {
    return parseJsonSnippet(t);
  }
  return parseClaudeMcpAdd(t);
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
