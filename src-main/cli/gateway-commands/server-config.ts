import type { ServerConfig } from '../../../src-shared/config.js';
import { CliError } from '../output.js';

/** `servers add`: its options made into a server's config entry, with a clear error for each mistake. */

export interface AddOpts {
  url?: string;
  gateway?: string;
  type?: string;
  env?: string[];
  header?: string[];
  cwd?: string;
  disabled?: boolean;
  description?: string;
  json?: boolean;
}

/** For repeatable options: each value is added to the list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `KEY=VALUE` pairs into a map, with a clear error for anything else. */
export function parseEnvPairs(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) {
      throw new CliError(`-e "${p}": use KEY=VALUE (e.g. -e GITHUB_TOKEN=\${secret:github})`);
    }
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

/** `Name: value` headers into a map. */
export function parseHeaders(headers: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of headers) {
    const i = h.indexOf(':');
    if (i <= 0) {
      throw new CliError(
        `--header "${h}": use "Name: value" (e.g. --header "Authorization: Bearer \${secret:api}")`,
      );
    }
    out[h.slice(0, i).trim()] = h.slice(i + 1).trim();
  }
  return out;
}

function remoteConfig(command: string[], opts: AddOpts & { url: string }): ServerConfig {
  if (command.length > 0) {
    throw new CliError('give either a command (after --) or --url, not both');
  }
  const config: ServerConfig = { url: opts.url };
  if (opts.type !== undefined) {
    config.type = opts.type;
  }
  if (opts.header && opts.header.length > 0) {
    config.headers = parseHeaders(opts.header);
  }
  return config;
}

function localConfig(command: string[], opts: AddOpts): ServerConfig {
  const [cmd, ...args] = command;
  if (cmd === undefined) {
    throw new CliError(
      'say how to start the server: `mcp-gateway servers add NAME -- npx -y some-mcp-server` or `--url https://...`',
    );
  }
  if (opts.header && opts.header.length > 0) {
    throw new CliError('--header applies to remote servers (--url) only');
  }
  const config: ServerConfig = { command: cmd };
  if (args.length > 0) {
    config.args = args;
  }
  if (opts.type !== undefined && opts.type !== 'stdio') {
    throw new CliError(`--type ${opts.type} needs --url; a command is always a stdio server`);
  }
  return config;
}

export function buildServerConfig(command: string[], opts: AddOpts): ServerConfig {
  const url = opts.url;
  const config = url !== undefined ? remoteConfig(command, { ...opts, url }) : localConfig(command, opts);
  if (opts.env && opts.env.length > 0) {
    config.env = parseEnvPairs(opts.env);
  }
  if (opts.cwd !== undefined) {
    config.cwd = opts.cwd;
  }
  if (opts.disabled) {
    config.disabled = true;
  }
  if (opts.description !== undefined) {
    config.description = opts.description;
  }
  return config;
}
