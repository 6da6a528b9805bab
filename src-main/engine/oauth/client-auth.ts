import { decodeJwt } from 'jose';

/**
 * `client_secret_basic` done by the book (RFC 6749 §2.3.1): both parts form-urlencoded before
 * Base64, so a secret with `:` `%` `+` or a space reaches the server as itself. The header value.
 */
export function basicCredentials(clientId: string, secret: string): string {
  const formEncoded = (v: string) => new URLSearchParams([['', v]]).toString().slice(1);
  return `Basic ${Buffer.from(`${formEncoded(clientId)}:${formEncoded(secret)}`).toString('base64')}`;
}

/**
 * Why a credential file the user named could not be read, in words: neither the path nor Node's
 * message (which repeats it) goes into an error.
 */
export function unreadableFileReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT'
    ? 'it does not exist'
    : code === 'EACCES' || code === 'EPERM'
      ? 'the gateway may not read it'
      : code === 'EISDIR'
        ? 'it is a folder'
        : `error ${code ?? 'unknown'}`;
}

/** A JWT's payload claims, unverified (only to say clearly why a token will not do); else undefined. */
export function unverifiedClaims(jwt: string): Record<string, unknown> | undefined {
  // decodeJwt reads the payload only: the compact form's shape is checked here.
  if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(jwt)) {
    return undefined;
  }
  try {
    return decodeJwt(jwt);
  } catch {
    return undefined;
  }
}
