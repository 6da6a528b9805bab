import type { OAuthSettings, ServerConfig } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';

/** Whether a server entry uses OAuth: a remote server without its own Authorization header. */
export function usesOAuth(config: ServerConfig): boolean {
  if (config.url === undefined || config.oauth === false) {
    return false;
  }
  return !Object.keys(config.headers ?? {}).some((k) => k.toLowerCase() === 'authorization');
}

/** A server entry's `oauth` settings; none when it has none or turns sign-in off. */
export function oauthSettings(config: ServerConfig): OAuthSettings {
  return config.oauth === false || config.oauth === undefined ? {} : config.oauth;
}

/** The URL of a server entry that can sign in; a clear refusal for one that cannot. */
export function signInUrlOf(server: string, config: ServerConfig): string {
  if (config.url === undefined) {
    throw new GatewayError(
      'BAD_REQUEST',
      `server '${server}' is a local (stdio) server; only remote servers sign in`,
    );
  }
  if (!usesOAuth(config)) {
    throw new GatewayError(
      'BAD_REQUEST',
      config.oauth === false
        ? `sign-in is turned off for '${server}' (mcpServers.${server}.oauth is false)`
        : `server '${server}' sends its own Authorization header (mcpServers.${server}.headers); remove it to sign in with OAuth instead`,
    );
  }
  return config.url;
}
