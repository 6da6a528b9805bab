/**
 * Start-up answers: the `initialize` and `tools/list` answers a 2025-era client got, kept in the
 * data folder so that the next start can give them before the engine has loaded (responder.ts).
 *
 * Each answer is tied to everything it was computed from (its fingerprint): the gateway's
 * version, the config, tool trust's approvals and every server's cached lists. An answer whose
 * inputs changed since is never given. One small file per client set-up (the URL's scope, the
 * token, its profile and the client's initialize parameters), named by the hash of that key and
 * read only when such a client asks; at most {@link MAX_FILES} of them, the least recently
 * written removed first, none larger than {@link MAX_FILE_BYTES}.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';

import writeFileAtomic from 'write-file-atomic';

import { type GatewayConfig, mayStartAsleep } from '../../../src-shared/config.js';
import type { ListCache } from '../catalog/index.js';
import type { Logger } from '../types.js';

export const START_ANSWERS_DIR = 'start-answers';
const FORMAT = 2;
export const MAX_FILES = 16;
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Tool trust's approvals: a change there changes which tools are listed. */
const TRUST_FILES = ['tool-approvals.json', 'tool-pins.json'];

/** Who asked, and how: what an answer is kept under. */
export interface AnswerKeyParts {
  /** `*`, `meta` or a server's name (the URL's scope). */
  scopeKey: string;
  tokenId: string | undefined;
  profile: string;
  /** The client's initialize params as sent. */
  params: unknown;
}

/** A kept answer as read back: the tool list stays bytes, sent as they are without decoding. */
export interface KeptAnswer {
  fingerprint: string;
  initialize: string;
  tools: Buffer;
}

export interface StartAnswer {
  fingerprint: string;
  /** The initialize result, as JSON. */
  initialize: string;
  /** The tools/list result, as JSON. */
  tools: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function answerKey(parts: AnswerKeyParts): string {
  return sha256(
    JSON.stringify([parts.scopeKey, parts.tokenId ?? null, parts.profile, parts.params ?? null]),
  ).slice(0, 40);
}

/** What the engine's inputs are: the version, the config, trust's approvals and the cached lists. */
export interface FingerprintInputs {
  version: string;
  dataDir: string;
  config: GatewayConfig;
  /** Each server's cached tools by their definition hashes, without parsing the lists. */
  listCache: Pick<ListCache, 'signature'>;
}

const configHashes = new WeakMap<GatewayConfig, string>();

function statOf(file: string): string {
  try {
    const st = statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return '-';
  }
}

export function fingerprintOf(inputs: FingerprintInputs): string {
  const { config } = inputs;
  let configHash = configHashes.get(config);
  if (configHash === undefined) {
    configHash = sha256(JSON.stringify(config));
    configHashes.set(config, configHash);
  }
  const parts = [String(FORMAT), inputs.version, configHash];
  for (const file of TRUST_FILES) {
    parts.push(statOf(path.join(inputs.dataDir, file)));
  }
  // What a server lists, not when: a server that wakes and lists the same tools changes nothing.
  for (const [name, server] of Object.entries(config.mcpServers)) {
    parts.push(`${name}\0${inputs.listCache.signature(name, server) ?? '-'}`);
  }
  return sha256(parts.join('\n'));
}

/**
 * Whether a start can be answered from what was kept: every server that will run is listed from
 * its cache without starting (a server that starts at launch is waited for by the first list).
 */
export function startsFromCache(config: GatewayConfig, listCache: Pick<ListCache, 'has'>): boolean {
  return Object.entries(config.mcpServers).every(
    ([name, s]) => s.disabled === true || (mayStartAsleep(s, config.gateway) && listCache.has(name, s)),
  );
}

export interface StartAnswers {
  /** Whether any answer is kept at all (cheap: one directory read at start-up). */
  any(): boolean;
  /** The answer kept under `key`, if its fingerprint is `fingerprint`. */
  find(key: string, fingerprint: string): KeptAnswer | undefined;
  /** Keep an answer (written shortly after, replacing the one under the same key). */
  keep(key: string, answer: StartAnswer): void;
  /** Writes what waits to be written. */
  flush(): Promise<void>;
}

/**
 * The file: a line of JSON about it, then the initialize result and the tools/list result, one line
 * each. The head line gives the byte length of the rest, so a file cut short is never sent.
 */
export function encodeStartAnswer(answer: StartAnswer): string {
  const rest = `${answer.initialize}\n${answer.tools}\n`;
  const head = { format: FORMAT, fingerprint: answer.fingerprint, bytes: Buffer.byteLength(rest) };
  return `${JSON.stringify(head)}\n${rest}`;
}

function decode(bytes: Buffer): KeptAnswer | undefined {
  const first = bytes.indexOf(10);
  const second = first < 0 ? -1 : bytes.indexOf(10, first + 1);
  if (second < 0 || bytes[bytes.length - 1] !== 10) {
    return undefined;
  }
  const head = JSON.parse(bytes.toString('utf8', 0, first)) as {
    format?: unknown;
    fingerprint?: unknown;
    bytes?: unknown;
  };
  if (
    head.format !== FORMAT ||
    typeof head.fingerprint !== 'string' ||
    head.bytes !== bytes.length - first - 1
  ) {
    return undefined;
  }
  return {
    fingerprint: head.fingerprint,
    initialize: bytes.toString('utf8', first + 1, second),
    tools: bytes.subarray(second + 1, bytes.length - 1),
  };
}

/**
 * A kept file's bytes: only a regular file of this user's, not a link, within MAX_FILE_BYTES (it is
 * read whole and synchronously while the engine loads). O_NONBLOCK: a FIFO must not block the open.
 */
function readOwnFile(file: string): Buffer | undefined {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    const uid = process.getuid?.();
    if (!st.isFile() || st.size > MAX_FILE_BYTES || (uid !== undefined && st.uid !== uid)) {
      return undefined;
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Oldest written first out, so the folder never holds more than MAX_FILES answers. */
function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .map((n) => ({ n, t: statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { n } of files.slice(MAX_FILES)) {
    rmSync(path.join(dir, n), { force: true });
  }
}

export function openStartAnswers(
  dataDir: string,
  options: { logger?: Logger; saveDelayMs?: number } = {},
): StartAnswers {
  const dir = path.join(dataDir, START_ANSWERS_DIR);
  const fileOf = (key: string) => path.join(dir, `${key}.txt`);
  const written = new Map<string, string>();
  const waiting = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let writing = Promise.resolve();
  let names: string[] | undefined;
  const listed = () => {
    if (names === undefined) {
      try {
        names = readdirSync(dir).filter((n) => n.endsWith('.txt'));
      } catch {
        names = [];
      }
    }
    return names;
  };

  const save = () => {
    timer = undefined;
    const todo = [...waiting];
    waiting.clear();
    writing = writing
      .then(async () => {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        for (const [key, body] of todo) {
          await writeFileAtomic(fileOf(key), body, { mode: 0o600 });
          written.set(key, body);
        }
        prune(dir);
        names = undefined;
      })
      .catch((err: unknown) => options.logger?.debug('start-up answers not saved', { err: String(err) }));
    return writing;
  };

  return {
    any: () => listed().length > 0,
    find(key, fingerprint) {
      if (!listed().includes(`${key}.txt`)) {
        return undefined;
      }
      try {
        const bytes = readOwnFile(fileOf(key));
        const answer = bytes === undefined ? undefined : decode(bytes);
        return answer?.fingerprint === fingerprint ? answer : undefined;
      } catch {
        return undefined;
      }
    },
    keep(key, answer) {
      const body = encodeStartAnswer(answer);
      if (
        Buffer.byteLength(body) > MAX_FILE_BYTES ||
        written.get(key) === body ||
        waiting.get(key) === body
      ) {
        return;
      }
      waiting.set(key, body);
      timer ??= setTimeout(save, options.saveDelayMs ?? 1_000);
      timer.unref();
    },
    flush() {
      clearTimeout(timer);
      return waiting.size > 0 ? save() : writing;
    },
  };
}
