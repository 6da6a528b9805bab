import {
  AuthorizationServerMismatchError,
  InsecureTokenEndpointError,
  IssuerMismatchError,
  OAuthError,
  RegistrationRejectedError,
} from '@modelcontextprotocol/client';

import { GatewayError, isGatewayError } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/values.js';

function text(err: unknown): string {
  return errorText(err);
}

/**
 * Turns what the SDK's OAuth code throws into a `SIGN_IN_FAILED` error that says what went
 * wrong and what to do. Gateway errors pass through.
 */
export function explainSignInError(server: string, err: unknown): GatewayError {
  if (isGatewayError(err)) {
    return err;
  }
  const field = `mcpServers.${server}.oauth`;
  if (err instanceof IssuerMismatchError) {
    return new GatewayError(
      'SIGN_IN_FAILED',
      err.kind === 'authorization_response'
        ? `wrong issuer: the sign-in answer came from '${err.received ?? '(none)'}' but '${server}' uses the authorization server '${err.expected ?? '?'}'; the answer was refused (RFC 9207). Sign in again; if it repeats, the server is misconfigured or something is intercepting the sign-in`
        : `wrong issuer: the authorization server's metadata names '${err.received ?? '(none)'}' instead of '${err.expected ?? '?'}' (RFC 8414); the gateway will not sign in to it`,
      { cause: err },
    );
  }
  if (err instanceof AuthorizationServerMismatchError) {
    return new GatewayError(
      'SIGN_IN_FAILED',
      `wrong issuer: the sign-in was started with '${err.recordedIssuer}' but finished against '${err.currentIssuer}'; start the sign-in again`,
      { cause: err },
    );
  }
  if (err instanceof RegistrationRejectedError) {
    return new GatewayError(
      'SIGN_IN_FAILED',
      `registration refused: the authorization server would not register the gateway as a client (HTTP ${err.status}: ${err.body.slice(0, 300)}). Register a client by hand with a redirect URI of http://127.0.0.1:<gateway port>/oauth/callback and put its id in ${field}.clientId (and its secret, if any, as \${secret:NAME} in ${field}.clientSecret)`,
      { cause: err },
    );
  }
  if (/does not support dynamic client registration/i.test(text(err))) {
    return new GatewayError(
      'SIGN_IN_FAILED',
      `registration not possible: the authorization server offers neither dynamic client registration nor (for this gateway) a Client ID Metadata Document. Register a client by hand and put its id in ${field}.clientId, or set ${field}.clientMetadataUrl`,
      { cause: err },
    );
  }
  if (err instanceof InsecureTokenEndpointError) {
    return new GatewayError('SIGN_IN_FAILED', `refusing to send credentials over plain http: ${text(err)}`, {
      cause: err,
    });
  }
  if (err instanceof OAuthError) {
    return new GatewayError(
      'SIGN_IN_FAILED',
      `the authorization server answered ${err.code}${err.message ? `: ${err.message}` : ''}`,
      { cause: err },
    );
  }
  return new GatewayError('SIGN_IN_FAILED', `sign-in to '${server}' failed: ${text(err)}`, { cause: err });
}

/** The error of a server that waits for the user to sign in, saying where to do it. */
export function signInRequired(server: string, why: string): GatewayError {
  return new GatewayError(
    'SIGN_IN_REQUIRED',
    `server '${server}' needs you to sign in (${why}): press Sign in in the dashboard or tray, or run \`mcp-gateway servers login ${server}\``,
  );
}
