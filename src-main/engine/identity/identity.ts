import { DEFAULT_PROFILE, type GatewayConfig } from '../../../src-shared/config.js';
import type { Clock, ConfigStore, Disposable, Logger } from '../types.js';
import { createProfileRegistry, type ProfileRegistry, type ProfileView } from './profiles.js';
import { createThrottle } from './rate-limit.js';
import { createTokenAdmin } from './token-admin.js';
import { createTokenCheck } from './token-check.js';
import { openTokenStore, type TokenStore } from './token-store.js';

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

export type AuthResult =
  { ok: true; client: ClientIdentity } | { ok: false; reason: 'missing' | 'invalid' | 'admin' };

export interface TokenInfo {
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

export interface IdentityDeps {
  dataDir: string;
  config: ConfigStore;
  clock: Clock;
  logger: Logger;
  /** The admin token, recognised only to say that it is the wrong token for MCP endpoints. */
  adminToken?: string;
}

/**
 * Composes the parts: the token check (`token-check.ts`, the only part on the request path with
 * the rate limit of `rate-limit.ts`), token management (`token-admin.ts`) and the profiles.
 */
export async function createIdentity(deps: IdentityDeps): Promise<Identity> {
  const { clock, config, logger } = deps;
  const store: TokenStore = await openTokenStore(deps.dataDir);
  const profiles = createProfileRegistry(config.current());
  let required = config.current().gateway.clientAuth !== 'off';
  const anonymous: ClientIdentity = {
    tokenId: undefined,
    name: undefined,
    profile: profiles.get(DEFAULT_PROFILE),
  };
  const tokens = createTokenCheck({ store, profiles, clock, logger, anonymous, required });
  tokens.setAdminToken(deps.adminToken);
  const admin = createTokenAdmin({ store, profiles, clients: tokens.clients, clock, logger });
  const sub = config.onChange((next: GatewayConfig) => {
    required = next.gateway.clientAuth !== 'off';
    tokens.setRequired(required);
    profiles.update(next);
  });
  return {
    required: () => required,
    profiles,
    check: tokens.check,
    throttle: createThrottle(clock),
    list: admin.list,
    create: admin.create,
    update: admin.update,
    revoke: admin.revoke,
    onRevoked: admin.onRevoked,
    adminTokenChanged: (token) => tokens.setAdminToken(token),
    async close() {
      sub.dispose();
      await tokens.close();
    },
  };
}
