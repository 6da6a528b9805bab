import type { Clock, Logger, TimerHandle } from '../types.js';
import type { AuthResult, ClientIdentity } from './identity.js';
import type { ProfileRegistry } from './profiles.js';
import type { RateWindow } from './rate-limit.js';
import { type ClientTokenRecord, hashToken, type TokenStore } from './token-store.js';

/** The caller of one token: one object, shared by all its sessions, with its rate window. */
export interface TokenClient extends ClientIdentity, RateWindow {
  name: string | undefined;
  record: ClientTokenRecord;
}

/** Last-used times are kept in memory per request and written at most this often. */
const WRITE_LAST_USED_MS = 60_000;

export interface TokenCheck {
  /** The caller for an `Authorization` header value (see `Identity.check`). */
  check(authorization: string | undefined): AuthResult;
  /** The callers made so far, by record (token management updates or drops them). */
  readonly clients: Map<ClientTokenRecord, TokenClient>;
  setRequired(required: boolean): void;
  setAdminToken(token: string | undefined): void;
  /** Stop the timer and write the last-used times not yet written. */
  close(): Promise<void>;
}

/** The caller object of a record, made once and kept in `clients`. */
function clientCache(
  clients: Map<ClientTokenRecord, TokenClient>,
  profiles: ProfileRegistry,
): (record: ClientTokenRecord) => TokenClient {
  return (record) => {
    let c = clients.get(record);
    if (c === undefined) {
      c = {
        record,
        tokenId: record.id,
        name: record.name,
        profile: profiles.get(record.profile),
        windowStart: 0,
        windowCount: 0,
      };
      clients.set(record, c);
    }
    return c;
  };
}

/**
 * The token check every MCP request runs: one SHA-256 and one map lookup, and the token's
 * last-used time noted (written within a minute).
 */
export function createTokenCheck(deps: {
  store: TokenStore;
  profiles: ProfileRegistry;
  clock: Clock;
  logger: Logger;
  anonymous: ClientIdentity;
  required: boolean;
}): TokenCheck {
  const { store, clock, anonymous } = deps;
  const clients = new Map<ClientTokenRecord, TokenClient>();
  const clientOf = clientCache(clients, deps.profiles);
  let required = deps.required;
  let adminHash: string | undefined;
  let dirty = false;
  let flushTimer: TimerHandle | undefined;

  const scheduleFlush = () => {
    dirty = true;
    if (flushTimer === undefined) {
      flushTimer = clock.setTimeout(() => {
        flushTimer = undefined;
        if (dirty) {
          dirty = false;
          store
            .flush()
            .catch((err: unknown) =>
              deps.logger.warn('could not save client token use', { err: String(err) }),
            );
        }
      }, WRITE_LAST_USED_MS);
      flushTimer.unref?.();
    }
  };

  return {
    check(authorization) {
      // Hot path: one SHA-256 and one map lookup; no parsing beyond the scheme.
      let token: string | undefined;
      if (
        authorization !== undefined &&
        authorization.length > 7 &&
        /^bearer /i.test(authorization.slice(0, 7))
      ) {
        token = authorization.slice(7).trim();
      }
      if (token === undefined || token.length === 0) {
        return required ? { ok: false, reason: 'missing' } : { ok: true, client: anonymous };
      }
      const hash = hashToken(token);
      const record = store.byHash.get(hash);
      if (record === undefined) {
        if (!required) {
          return { ok: true, client: anonymous };
        }
        return { ok: false, reason: hash === adminHash ? 'admin' : 'invalid' };
      }
      record.lastUsedAt = clock.now();
      if (!dirty) {
        scheduleFlush();
      }
      return { ok: true, client: clientOf(record) };
    },
    clients,
    setRequired: (value) => void (required = value),
    setAdminToken: (token) => void (adminHash = token === undefined ? undefined : hashToken(token)),
    async close() {
      clock.clearTimeout(flushTimer);
      if (dirty) {
        dirty = false;
        await store.flush().catch(() => undefined);
      }
    },
  };
}
