import { DEFAULT_PROFILE } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { Clock, Disposable, Logger } from '../types.js';
import type { ClientIdentity, TokenInfo } from './identity.js';
import type { ProfileRegistry } from './profiles.js';
import type { TokenClient } from './token-check.js';
import type { ClientTokenRecord, TokenStore } from './token-store.js';

const TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.@()-]{0,63}$/;

/** Managing client tokens: list, create, rename or move to another profile, revoke. */
export interface TokenAdmin {
  list(): TokenInfo[];
  create(name: string, profile?: string): Promise<{ token: string; info: TokenInfo }>;
  update(idOrName: string, change: { name?: string; profile?: string }): Promise<TokenInfo>;
  revoke(idOrName: string): Promise<TokenInfo>;
  /** Fires when a token is revoked (its sessions end) or changes profile. */
  onRevoked(listener: (client: ClientIdentity) => void): Disposable;
}

export function infoOf(r: ClientTokenRecord): TokenInfo {
  return {
    id: r.id,
    name: r.name,
    profile: r.profile,
    createdAt: r.createdAt,
    ...(r.lastUsedAt !== undefined ? { lastUsedAt: r.lastUsedAt } : {}),
  };
}

/** The record named or with id `idOrName`; an error saying where to look when there is none. */
export function findToken(store: TokenStore, idOrName: string): ClientTokenRecord {
  const r = store.get(idOrName);
  if (r === undefined) {
    throw new GatewayError(
      'TOKEN_NOT_FOUND',
      `no client token named or with id "${idOrName}": see \`mcp-gateway clients tokens list\``,
    );
  }
  return r;
}

/** A usable token name, not taken by another token than `except`. */
export function checkTokenName(store: TokenStore, name: string, except?: ClientTokenRecord): void {
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
}

/** A profile defined in the config. */
export function checkProfile(profiles: ProfileRegistry, profile: string): void {
  if (!profiles.get(profile).exists) {
    throw new GatewayError(
      'VALIDATION_FAILED',
      `there is no profile "${profile}": use one of ${profiles.names().join(', ')} (profiles are defined under gateway.profiles in the config)`,
    );
  }
}

export function createTokenAdmin(deps: {
  store: TokenStore;
  profiles: ProfileRegistry;
  /** The callers made so far by the token check: renamed, or dropped when their token goes. */
  clients: Map<ClientTokenRecord, TokenClient>;
  clock: Clock;
  logger: Logger;
}): TokenAdmin {
  const { store, profiles, clients, logger } = deps;
  const revokedListeners = new Set<(client: ClientIdentity) => void>();
  const ended = (c: ClientIdentity) => {
    for (const l of revokedListeners) {
      l(c);
    }
  };
  return {
    list: () => store.list().map(infoOf),
    async create(name, profile = DEFAULT_PROFILE) {
      checkTokenName(store, name);
      checkProfile(profiles, profile);
      const { record, token } = await store.create(name, profile, deps.clock.now());
      logger.info('client token created', { name, profile });
      return { token, info: infoOf(record) };
    },
    async update(idOrName, change) {
      const record = findToken(store, idOrName);
      if (change.name !== undefined) {
        checkTokenName(store, change.name, record);
      }
      if (change.profile !== undefined) {
        checkProfile(profiles, change.profile);
      }
      await store.update(record, change);
      const c = clients.get(record);
      if (c !== undefined) {
        c.name = record.name;
        if (c.profile.name !== record.profile) {
          // A new profile applies to new sessions; open ones end so they never mix two views.
          clients.delete(record);
          ended(c);
        }
      }
      return infoOf(record);
    },
    async revoke(idOrName) {
      const record = findToken(store, idOrName);
      await store.remove(record);
      const c = clients.get(record);
      clients.delete(record);
      if (c !== undefined) {
        ended(c);
      }
      logger.info('client token revoked', { name: record.name });
      return infoOf(record);
    },
    onRevoked(listener) {
      revokedListeners.add(listener);
      return { dispose: () => revokedListeners.delete(listener) };
    },
  };
}
