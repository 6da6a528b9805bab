import { DEFAULT_PROFILE, type GatewayConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { Clock, ConfigStore, Disposable, Logger, TimerHandle } from '../types.js';
import { createProfileRegistry, type ProfileRegistry, type ProfileView } from './profiles.js';
import { type ClientTokenRecord, hashToken, openTokenStore, type TokenStore } from './token-store.js';

/** Issues the token `clients connect` writes into a client's config. */
export interface TokenIssuer {
  /** Whether connect writes tokens at all (not when the gateway's client auth is off). */
  enabled(): boolean;
  /** A new token named `name` (replacing one of that name, keeping its profile). */
  issue(name: string): Promise<string>;
  /** Whether the gateway accepts `token` (a client already connected keeps its token). */
  knows(token: string): Promise<boolean>;
}

/** The issuer of a running engine. */
export function identityIssuer(identity: Identity): TokenIssuer {
  return {
    enabled: () => identity.required(),
    knows: async (token) => {
      const r = identity.check(`Bearer ${token}`);
      return r.ok && r.client.tokenId !== undefined;
    },
    async issue(name) {
      const old = identity.list().find((t) => t.name === name);
      if (old !== undefined) {
        await identity.revoke(old.id);
      }
      return (await identity.create(name, old?.profile)).token;
    },
  };
}

/**
 * Who is calling: client tokens (hashed at rest), the profile each belongs to, and a per-client
 * request rate limit. The frontends ask `check()` on every MCP request, so it is a hash and a
 * map lookup; everything else here runs when tokens are managed.
 */

/** The caller of an MCP request. One object per token, shared by all its sessions. */
export interface ClientIdentity {
  /** Token id; `undefined` for anonymous callers (client auth off, no token sent). */
  readonly tokenId: string | undefined;
  /** The token's name (the client's name in activity); `undefined` when anonymous. */
  readonly name: string | undefined;
  readonly profile: ProfileView;
}

type AuthResult =
  { ok: true; client: ClientIdentity } | { ok: false; reason: 'missing' | 'invalid' | 'admin' };

interface TokenInfo {
  id: string;
  name: string;
  profile: string;
  createdAt: number;
  lastUsedAt?: number;
}

export interface Identity {
  /** Whether MCP endpoints require a token (`gateway.clientAuth`). */
  required(): boolean;
  /**
   * The caller for an `Authorization` header value. With client auth off, a request without a
   * valid token is the anonymous `default`-profile caller.
   */
  check(authorization: string | undefined): AuthResult;
  /** Count one request against the caller's rate limit: 0 = go ahead, else seconds to wait. */
  throttle(client: ClientIdentity): number;
  profiles: ProfileRegistry;
  list(): TokenInfo[];
  create(name: string, profile?: string): Promise<{ token: string; info: TokenInfo }>;
  update(idOrName: string, change: { name?: string; profile?: string }): Promise<TokenInfo>;
  revoke(idOrName: string): Promise<TokenInfo>;
  /** Fires when a token is revoked (its sessions end) or changes profile. */
  onRevoked(listener: (client: ClientIdentity) => void): Disposable;
  /** The admin token was rotated (only used to word a refusal). */
  adminTokenChanged(token: string): void;
  close(): Promise<void>;
}

const TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.@()-]{0,63}$/;

interface Client extends ClientIdentity {
  name: string | undefined;
  record: ClientTokenRecord;
  profile: ProfileView;
  windowStart: number;
  windowCount: number;
}

const WRITE_LAST_USED_MS = 60_000;
const WINDOW_MS = 60_000;

function infoOf(r: ClientTokenRecord): TokenInfo {
  return {
    id: r.id,
    name: r.name,
    profile: r.profile,
    createdAt: r.createdAt,
    ...(r.lastUsedAt !== undefined ? { lastUsedAt: r.lastUsedAt } : {}),
  };
}

export interface IdentityDeps {
  dataDir: string;
  config: ConfigStore;
  clock: Clock;
  logger: Logger;
  /** The admin token, recognised only to say that it is the wrong token for MCP endpoints. */
  adminToken?: string;
}

export async function createIdentity(deps: IdentityDeps): Promise<Identity> {
  const { clock, config } = deps;
  const store: TokenStore = await openTokenStore(deps.dataDir);
  const profiles = createProfileRegistry(config.current());
  let required = config.current().gateway.clientAuth !== 'off';
  let adminHash = deps.adminToken === undefined ? undefined : hashToken(deps.adminToken);
  const anonymous: ClientIdentity = {
    tokenId: undefined,
    name: undefined,
    profile: profiles.get(DEFAULT_PROFILE),
  };
  const clients = new Map<ClientTokenRecord, Client>();
  const revokedListeners = new Set<(client: ClientIdentity) => void>();
  let dirty = false;
  let flushTimer: TimerHandle | undefined;

  const clientOf = (record: ClientTokenRecord): Client => {
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

  const sub = config.onChange((next: GatewayConfig) => {
    required = next.gateway.clientAuth !== 'off';
    profiles.update(next);
  });

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

  const find = (idOrName: string): ClientTokenRecord => {
    const r = store.get(idOrName);
    if (r === undefined) {
      throw new GatewayError(
        'TOKEN_NOT_FOUND',
        `no client token named or with id "${idOrName}": see \`mcp-gateway clients tokens list\``,
      );
    }
    return r;
  };

  const checkName = (name: string, except?: ClientTokenRecord) => {
    if (!TOKEN_NAME_PATTERN.test(name)) {
      throw new GatewayError(
        'VALIDATION_FAILED',
        `"${name}" is not a usable token name: use letters, digits, spaces and _ . @ ( ) - (at most 64, starting with a letter or digit)`,
      );
    }
    const other = store.get(name);
    if (other !== undefined && other !== except) {
      throw new GatewayError(
        'TOKEN_EXISTS',
        `a client token named "${name}" exists already: pick another name, or revoke that one first`,
      );
    }
  };

  const checkProfile = (profile: string) => {
    if (!profiles.get(profile).exists) {
      throw new GatewayError(
        'VALIDATION_FAILED',
        `there is no profile "${profile}": use one of ${profiles.names().join(', ')} (profiles are defined under gateway.profiles in the config)`,
      );
    }
  };

  return {
    required: () => required,
    profiles,
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
    throttle(client) {
      const limit = client.profile.requestsPerMinute;
      if (limit === undefined || client.tokenId === undefined) {
        return 0;
      }
      const c = client as Client;
      const now = clock.now();
      if (now - c.windowStart >= WINDOW_MS) {
        c.windowStart = now;
        c.windowCount = 0;
      }
      if (c.windowCount >= limit) {
        return Math.max(1, Math.ceil((c.windowStart + WINDOW_MS - now) / 1000));
      }
      c.windowCount += 1;
      return 0;
    },
    list: () => store.list().map(infoOf),
    async create(name, profile = DEFAULT_PROFILE) {
      checkName(name);
      checkProfile(profile);
      const { record, token } = await store.create(name, profile, clock.now());
      deps.logger.info('client token created', { name, profile });
      return { token, info: infoOf(record) };
    },
    async update(idOrName, change) {
      const record = find(idOrName);
      if (change.name !== undefined) {
        checkName(change.name, record);
      }
      if (change.profile !== undefined) {
        checkProfile(change.profile);
      }
      await store.update(record, change);
      const c = clients.get(record);
      if (c !== undefined) {
        c.name = record.name;
        if (c.profile.name !== record.profile) {
          // A new profile applies to new sessions; open ones end so they never mix two views.
          clients.delete(record);
          for (const l of revokedListeners) {
            l(c);
          }
        }
      }
      return infoOf(record);
    },
    async revoke(idOrName) {
      const record = find(idOrName);
      await store.remove(record);
      const c = clients.get(record);
      clients.delete(record);
      if (c !== undefined) {
        for (const l of revokedListeners) {
          l(c);
        }
      }
      deps.logger.info('client token revoked', { name: record.name });
      return infoOf(record);
    },
    adminTokenChanged(token) {
      adminHash = hashToken(token);
    },
    onRevoked(listener) {
      revokedListeners.add(listener);
      return { dispose: () => revokedListeners.delete(listener) };
    },
    async close() {
      sub.dispose();
      clock.clearTimeout(flushTimer);
      if (dirty) {
        dirty = false;
        await store.flush().catch(() => undefined);
      }
    },
  };
}
