import type { Logger } from '../types.js';
import {
  createDpopKey,
  createNonceBook,
  dpopAlgFor,
  type DpopSetting,
  keyFits,
  type NonceBook,
  signerOf,
  type StoredDpopKey,
  withResourceProofs,
  withTokenProofs,
} from './dpop.js';
import type { SignInRecord } from './record.js';

/** The DPoP key of one token request: the stored one, or a new one made when first needed. */
export interface KeyHolder {
  key?: StoredDpopKey;
}

/** What a token request's proofs need: the setting, the authorization server's metadata, the key. */
export interface TokenProofSource {
  setting: DpopSetting | undefined;
  /** The authorization server's metadata as far as it is known when the request is made. */
  metadata: () => object | undefined;
  holder: KeyHolder;
}

/**
 * Each server's DPoP session (RFC 9449): the nonces its authorization server and the server
 * itself gave (in memory only), and the fetches that add proofs — to token requests with the key
 * of the request's holder, to MCP requests with the key the stored tokens are bound to.
 */
export interface DpopSessions {
  /**
   * The fetch for a server's token requests: proofs where the authorization server offers DPoP
   * and `oauth.dpop` is not off, with the key in the holder (made when first needed).
   */
  tokenFetch(server: string, base: typeof fetch, source: TokenProofSource): typeof fetch;
  /** The fetch for a server's MCP requests: DPoP-bound tokens go with the DPoP scheme and a proof. */
  resourceFetch(server: string, url: string, base: typeof fetch): typeof fetch;
  /** Sign-out: the server's nonces go. */
  forget(server: string): void;
}

export function createDpopSessions(options: {
  log: Logger;
  /** The stored record of the server at this URL. */
  recordFor: (server: string, url: string) => Promise<SignInRecord | undefined>;
}): DpopSessions {
  const { log } = options;
  const nonces = new Map<string, { as: NonceBook; rs: NonceBook }>();
  const noncesOf = (server: string): { as: NonceBook; rs: NonceBook } => {
    let books = nonces.get(server);
    if (books === undefined) {
      books = { as: createNonceBook(), rs: createNonceBook() };
      nonces.set(server, books);
    }
    return books;
  };
  return {
    tokenFetch: (server, base, { setting, metadata, holder }) =>
      withTokenProofs(base, {
        tokenEndpoint: () => {
          const endpoint = (metadata() as { token_endpoint?: unknown } | undefined)?.token_endpoint;
          return typeof endpoint === 'string' ? endpoint : undefined;
        },
        signer: async () => {
          const m = metadata();
          const alg = dpopAlgFor(m, setting);
          if (alg === undefined) {
            holder.key = undefined;
            return undefined;
          }
          if (holder.key === undefined || !keyFits(holder.key, m)) {
            holder.key = await createDpopKey(alg);
            log.info('DPoP key created', { server, alg });
          }
          return signerOf(holder.key);
        },
        nonces: noncesOf(server).as,
      }),
    resourceFetch: (server, url, base) =>
      withResourceProofs(base, {
        signerFor: async (accessToken) => {
          const record = await options.recordFor(server, url);
          const tokens = record?.tokens;
          if (
            record?.dpop === undefined ||
            tokens?.access_token !== accessToken ||
            tokens.token_type?.toLowerCase() !== 'dpop'
          ) {
            return undefined;
          }
          return signerOf(record.dpop);
        },
        nonces: noncesOf(server).rs,
      }),
    forget: (server) => void nonces.delete(server),
  };
}
