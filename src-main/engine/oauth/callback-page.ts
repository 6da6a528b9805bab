import type { IncomingMessage, ServerResponse } from 'node:http';

import { isGatewayError } from '../../../src-shared/errors.js';
import type { OAuthManager } from './manager.js';

/** The path of the loopback redirect URI on the gateway's own port. */
export const OAUTH_CALLBACK_PATH = '/oauth/callback';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} — MCP Gateway</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></body></html>`;
}

/**
 * The browser's return from the authorization server. It carries no admin token (the browser
 * has none): it is guarded instead by the `state` of a sign-in the gateway started, which is
 * single-use and expires. The page says what happened; it never shows a code or token.
 */
export async function handleOAuthCallback(
  oauth: OAuthManager,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const query: Record<string, string | undefined> = {};
  for (const key of ['state', 'code', 'iss', 'error', 'error_description']) {
    const v = url.searchParams.get(key);
    if (v !== null) {
      query[key] = v.slice(0, 4_096);
    }
  }
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
  try {
    const { server } = await oauth.handleCallback(query);
    res.statusCode = 200;
    res.end(page(`Signed in to ${server}`, 'The gateway has the access it needs. You can close this tab.'));
  } catch (err) {
    res.statusCode = 400;
    const message = isGatewayError(err) ? err.message : 'the sign-in could not be completed';
    res.end(page('Sign-in failed', message));
  }
}
