import type { OAuthSettings, ServerConfig } from '../../../src-shared/config.js';

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
