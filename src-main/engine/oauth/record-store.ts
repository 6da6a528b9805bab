import type { SecretStore } from '../security/index.js';
import type { Logger } from '../types.js';
import { signInRequired } from './errors.js';
import { readRecord, sameServer, type SignInRecord, withoutTokens, writeRecord } from './record.js';

/**
 * The sign-in records in the keychain, one entry per server: read once and then kept in memory,
 * written one after another per server (the last one queued is what stays), and a generation
 * per server that sign-out moves on, so a token fetch that started before it never saves after it.
 */
export interface RecordStore {
  /** The server's record, read from the keychain the first time. */
  load(server: string): Promise<SignInRecord | undefined>;
  /** The record already read, if any: no keychain access (status, step-up). */
  cached(server: string): SignInRecord | undefined;
  /** The stored record, if it belongs to this URL (a changed URL never gets the old tokens). */
  recordFor(server: string, url: string): Promise<SignInRecord | undefined>;
  /**
   * Stores a server's record once the writes before it are done. With `generation` (a token
   * fetch's), a sign-out queued or finished before the write's turn drops it: a token that
   * arrives during a sign-out is never written after it.
   */
  save(server: string, record: SignInRecord, generation?: number): Promise<void>;
  /** Waits for the server's keychain writes queued so far (whatever their outcome). */
  settled(server: string): Promise<void>;
  forgetTokens(server: string, record: SignInRecord): Promise<void>;
  /** The server's generation: a token fetch notes it when it starts. */
  generation(server: string): number;
  /** Sign-out: token fetches in flight end without saving. */
  nextGeneration(server: string): void;
}

export function createRecordStore(options: {
  secrets: () => Promise<SecretStore>;
  log: Logger;
}): RecordStore {
  const { log } = options;
  const records = new Map<string, SignInRecord | undefined>();
  const writes = new Map<string, Promise<void>>();
  const generations = new Map<string, number>();
  const generation = (server: string): number => generations.get(server) ?? 0;

  const load = async (server: string): Promise<SignInRecord | undefined> => {
    if (records.has(server)) {
      return records.get(server);
    }
    const record = await readRecord(await options.secrets(), server);
    records.set(server, record);
    return record;
  };

  const save = (server: string, record: SignInRecord, fetchGeneration?: number): Promise<void> => {
    const write = (writes.get(server) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        if (fetchGeneration !== undefined && generation(server) !== fetchGeneration) {
          log.info('token dropped: signed out meanwhile', { server });
          throw signInRequired(server, 'signed out');
        }
        await writeRecord(await options.secrets(), server, record);
        records.set(server, record);
      });
    writes.set(server, write);
    void write
      .finally(() => {
        if (writes.get(server) === write) {
          writes.delete(server);
        }
      })
      .catch(() => undefined);
    return write;
  };

  return {
    load,
    cached: (server) => records.get(server),
    async recordFor(server, url) {
      const r = await load(server);
      return r !== undefined && sameServer(r.serverUrl, url) ? r : undefined;
    },
    save,
    async settled(server) {
      await writes.get(server)?.catch(() => undefined);
    },
    forgetTokens: async (server, record) => save(server, withoutTokens(record)),
    generation,
    nextGeneration(server) {
      generations.set(server, generation(server) + 1);
    },
  };
}
