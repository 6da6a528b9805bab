import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { SERVER_NAME_PATTERN, type ServerConfig } from '../../../src-shared/config.js';
import { sameUrl } from './adapters/common.js';
import { claudeJsonPath, claudeProjects } from './adapters/index.js';
import { type FileSnapshot, readSnapshot, sha256 } from './files.js';
import {
  containerEntries,
  getContainer,
  parseConfigText,
  type ParseProblem,
  UnparseableError,
} from './formats/index.js';
import { parseJsonText } from './formats/json.js';
import type {
  AdapterContext,
  ClientAdapter,
  ClientEnv,
  ClientLocation,
  ClientPlatform,
  ReadEntry,
} from './types.js';

/** One client file as read: its bytes, parsed data or the problem that stops it being used. */
export interface ScannedFile {
  snapshot: FileSnapshot;
  format: ClientLocation['format'];
  data: unknown;
  problem: ParseProblem | undefined;
}

export interface ScannedEntry {
  location: ClientLocation;
  name: string;
  raw: unknown;
  read: ReadEntry;
  /** The entry points at this gateway (it is the gateway, not a server to import). */
  isGateway: boolean;
}

export interface ScannedLocation {
  location: ClientLocation;
  file: ScannedFile;
  entries: ScannedEntry[];
}

export interface ScannedClient {
  adapter: ClientAdapter;
  /** An install folder or a config file exists. */
  installed: boolean;
  locations: ScannedLocation[];
}

export function normalisePlatform(p: string): ClientPlatform {
  return p === 'win32' || p === 'darwin' ? p : 'linux';
}

export function homeOf(env: ClientEnv, platform: ClientPlatform): string | undefined {
  const pick = (k: string): string | undefined =>
    env[k] === undefined || env[k] === '' ? undefined : env[k];
  if (platform === 'win32') {
    const drive = pick('HOMEDRIVE');
    const hp = pick('HOMEPATH');
    return (
      pick('USERPROFILE') ??
      (drive !== undefined && hp !== undefined ? drive + hp : undefined) ??
      pick('HOME')
    );
  }
  return pick('HOME');
}

export interface ContextOptions {
  env: ClientEnv;
  platform: ClientPlatform;
  gatewayUrl: string;
  bridge: { command: string; args: string[] };
  entryName: string;
  projectDirs: readonly string[];
}

/** Build the context adapters work in, including the project folders Claude Code knows. */
export async function createContext(o: ContextOptions): Promise<AdapterContext> {
  const base: AdapterContext = {
    env: o.env,
    platform: o.platform,
    home: homeOf(o.env, o.platform),
    path: o.platform === 'win32' ? path.win32 : path.posix,
    gatewayUrl: o.gatewayUrl,
    bridge: o.bridge,
    entryName: o.entryName,
    projectDirs: o.projectDirs,
    async listDir(dir) {
      try {
        const entries = await readdir(dir, { withFileTypes: true });
        return entries.filter((e) => e.isDirectory()).map((e) => e.name);
      } catch {
        return [];
      }
    },
    async exists(p) {
      try {
        await stat(p);
        return true;
      } catch {
        return false;
      }
    },
    async readJson(p) {
      try {
        const snap = await readSnapshot(p);
        return snap.exists && snap.text !== undefined ? parseJsonText(snap.text) : undefined;
      } catch {
        return undefined;
      }
    },
  };
  const fromClaude = claudeJsonPath(base) === undefined ? [] : await claudeProjects(base);
  return { ...base, projectDirs: [...new Set([...o.projectDirs, ...fromClaude])] };
}

async function scanFile(file: string, format: ClientLocation['format']): Promise<ScannedFile> {
  const snapshot = await readSnapshot(file);
  if (!snapshot.exists) {
    return { snapshot, format, data: {}, problem: undefined };
  }
  if (snapshot.text === undefined) {
    return {
      snapshot,
      format,
      data: undefined,
      problem: { message: snapshot.decodeError ?? 'the file cannot be read as text' },
    };
  }
  try {
    const data = parseConfigText(format, snapshot.text);
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return {
        snapshot,
        format,
        data: undefined,
        problem: { message: 'the file does not hold a settings object at its top level' },
      };
    }
    return { snapshot, format, data, problem: undefined };
  } catch (e) {
    if (e instanceof UnparseableError) {
      return { snapshot, format, data: undefined, problem: e.problem };
    }
    throw e;
  }
}

/** An entry under our name that looks like a gateway entry from an earlier port or bridge path. */
export function looksLikeOurEntry(raw: unknown): boolean {
  const text = JSON.stringify(raw ?? null);
  const urls = text.match(/https?:\/\/[^"\s]+/g) ?? [];
  return urls.some((u) => {
    try {
      const x = new URL(u);
      return ['127.0.0.1', 'localhost', '[::1]'].includes(x.hostname) && /\/mcp\/?$/.test(x.pathname);
    } catch {
      return false;
    }
  });
}

export async function scanClient(adapter: ClientAdapter, ctx: AdapterContext): Promise<ScannedClient> {
  const locations = await adapter.locations(ctx);
  const files = new Map<string, ScannedFile>();
  const out: ScannedLocation[] = [];
  for (const location of locations) {
    let file = files.get(location.file);
    if (file === undefined) {
      file = await scanFile(location.file, location.format);
      files.set(location.file, file);
    }
    const entries: ScannedEntry[] = [];
    if (file.data !== undefined) {
      for (const [name, raw] of containerEntries(
        getContainer(file.data, location.container),
        location.containerKind,
      )) {
        const isGateway =
          adapter.pointsAtGateway(raw, ctx) || (name === ctx.entryName && looksLikeOurEntry(raw));
        const read = adapter.read(name, raw, ctx);
        const extra = [...(location.notes ?? []), ...(location.entryNotes?.[name] ?? [])];
        if (read.config !== undefined && extra.length > 0) {
          read.notes.push(...extra);
        }
        entries.push({ location, name, raw, isGateway, read });
      }
    }
    out.push({ location, file, entries });
  }
  let installed = out.some((l) => l.file.snapshot.exists);
  for (const dir of adapter.installDirs(ctx)) {
    if (!installed && (await ctx.exists(dir))) {
      installed = true;
    }
  }
  return { adapter, installed, locations: out };
}

/** What makes two entries the same server: the command line, or the URL. */
export function serverKey(config: ServerConfig): string {
  if (config.command !== undefined) {
    return `stdio:${JSON.stringify([config.command, ...(config.args ?? [])])}`;
  }
  const url = config.url ?? '';
  // Normalise through the same comparison the adapters use for our own URL.
  let norm = url;
  try {
    const u = new URL(url);
    norm = `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    // keep as is
  }
  return `url:${norm}`;
}

export function serverId(config: ServerConfig): string {
  return sha256(serverKey(config)).slice(0, 12);
}

export function sameServer(a: ServerConfig, b: ServerConfig): boolean {
  if (a.url !== undefined && b.url !== undefined) {
    return sameUrl(a.url, b.url);
  }
  return serverKey(a) === serverKey(b);
}

/** A client's server name made valid for the gateway (letters, digits, `-_.`, at most 48). */
export function gatewayName(name: string): string {
  if (SERVER_NAME_PATTERN.test(name)) {
    return name;
  }
  let n = name
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 48)
    .replace(/[-.]+$/, '');
  if (n === '') {
    n = 'server';
  }
  return n;
}
