import { hash, randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import writeFileAtomic from 'write-file-atomic';

/**
 * Client tokens, kept in `<dataDir>/client-tokens.json` (owner-only). Only the SHA-256 of each
 * token is stored: the token itself is shown once, when it is created, and cannot be read back.
 * A token is 256 random bits; the `mcpgw_` prefix makes a leaked one easy to recognise (secret
 * scanners, logs) and keeps it apart from the admin token.
 */

const CLIENT_TOKENS_FILE = 'client-tokens.json';
const CLIENT_TOKEN_PREFIX = 'mcpgw_';
/** Owner-only files with a client's token, for clients that start `mcp-gateway stdio`. */
const CLIENT_TOKEN_DIR = 'client-tokens';

export interface ClientTokenRecord {
  id: string;
  name: string;
  profile: string;
  createdAt: number;
  lastUsedAt?: number;
  /** base64url SHA-256 of the token. */
  hash: string;
}

interface TokenFile {
  version: 1;
  tokens: ClientTokenRecord[];
}

function generateClientToken(): string {
  return CLIENT_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The key a token is found under: its SHA-256 (base64url). The token is never kept. This runs on
 * every MCP request, so it uses the one-shot `hash()` (about a fifth of createHash's cost).
 */
export function hashToken(token: string): string {
  return hash('sha256', token, 'base64url');
}

function isRecord(v: unknown): v is ClientTokenRecord {
  const r = v as Partial<ClientTokenRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.name === 'string' &&
    typeof r.profile === 'string' &&
    typeof r.createdAt === 'number' &&
    typeof r.hash === 'string' &&
    r.hash.length === 43
  );
}

export interface TokenStore {
  readonly file: string;
  /** Records by token hash: the lookup every MCP request makes. */
  readonly byHash: ReadonlyMap<string, ClientTokenRecord>;
  list(): ClientTokenRecord[];
  get(idOrName: string): ClientTokenRecord | undefined;
  /** A new token; the plain token is returned here and nowhere else. */
  create(name: string, profile: string, now: number): Promise<{ record: ClientTokenRecord; token: string }>;
  update(record: ClientTokenRecord, change: { name?: string; profile?: string }): Promise<void>;
  remove(record: ClientTokenRecord): Promise<void>;
  /** Write last-used times (kept in memory per request, written now and then). */
  flush(): Promise<void>;
}

/** The records of a store file by hash (a missing file has none; a damaged one is an error that says where). */
async function readRecords(file: string): Promise<Map<string, ClientTokenRecord>> {
  const records = new Map<string, ClientTokenRecord>();
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err;
    }
  }
  if (text !== undefined) {
    let parsed: Partial<TokenFile>;
    try {
      parsed = JSON.parse(text) as Partial<TokenFile>;
    } catch {
      throw new Error(`${file} is not valid JSON: fix it or delete it (its clients then need new tokens)`);
    }
    for (const r of Array.isArray(parsed.tokens) ? parsed.tokens : []) {
      if (isRecord(r)) {
        records.set(r.hash, { ...r });
      }
    }
    if (process.platform !== 'win32') {
      await chmod(file, 0o600).catch(() => undefined);
    }
  }
  return records;
}

/** Read the store (a missing file is an empty store; a damaged one is an error that says where). */
export async function openTokenStore(dataDir: string): Promise<TokenStore> {
  const file = path.join(dataDir, CLIENT_TOKENS_FILE);
  const records = await readRecords(file);

  let writing = Promise.resolve();
  const save = (): Promise<void> => {
    const body: TokenFile = { version: 1, tokens: [...records.values()] };
    writing = writing
      .catch(() => undefined)
      .then(async () => {
        await mkdir(dataDir, { recursive: true, mode: 0o700 });
        await writeFileAtomic(file, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
      });
    return writing;
  };

  return {
    file,
    byHash: records,
    list: () => [...records.values()].sort((a, b) => a.createdAt - b.createdAt),
    get(idOrName) {
      for (const r of records.values()) {
        if (r.id === idOrName || r.name === idOrName) {
          return r;
        }
      }
      return undefined;
    },
    async create(name, profile, now) {
      const token = generateClientToken();
      const record: ClientTokenRecord = {
        id: randomUUID(),
        name,
        profile,
        createdAt: now,
        hash: hashToken(token),
      };
      records.set(record.hash, record);
      await save();
      return { record, token };
    },
    async update(record, change) {
      if (change.name !== undefined) {
        record.name = change.name;
      }
      if (change.profile !== undefined) {
        record.profile = change.profile;
      }
      await save();
    },
    async remove(record) {
      records.delete(record.hash);
      await save();
    },
    flush: save,
  };
}

/** `<dataDir>/client-tokens/<client>.token`: where the stdio bridge of `client` reads its token. */
export function clientTokenFile(dataDir: string, client: string): string {
  return path.join(dataDir, CLIENT_TOKEN_DIR, `${client.replace(/[^A-Za-z0-9_.-]/g, '_')}.token`);
}

/** Write a client's token to its owner-only file (the folder is owner-only too). */
export async function writeClientTokenFile(file: string, token: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, token + '\n', { mode: 0o600 });
  if (process.platform !== 'win32') {
    await chmod(file, 0o600);
  }
}

/**
 * Issue a fresh token for a client `connect` writes into, straight into the store file: for the
 * CLI when no gateway runs (a running one is asked through its API instead). A token of the same
 * name is replaced (its plain text is unknown, so it cannot be written again) and keeps its profile.
 */
export async function issueOffline(dataDir: string, name: string, now: number): Promise<string> {
  const store = await openTokenStore(dataDir);
  const old = store.get(name);
  if (old !== undefined) {
    await store.remove(old);
  }
  return (await store.create(name, old?.profile ?? 'default', now)).token;
}

/** Whether the store in `dataDir` holds `token` (for the CLI when no gateway runs). */
export async function knownOffline(dataDir: string, token: string): Promise<boolean> {
  return (await openTokenStore(dataDir)).byHash.has(hashToken(token));
}
