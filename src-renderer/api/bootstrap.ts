import type { DesktopBridge } from '../../src-shared/desktop-bridge.js';

/**
 * Where the engine is and how to authenticate. In the desktop app the preload exposes
 * `window.mcpGateway`; in a browser the engine prints `/ui/#token=...`, and the token is moved
 * into sessionStorage and removed from the address bar so it is not shared by copy-paste.
 */

declare global {
  interface Window {
    mcpGateway?: DesktopBridge;
  }
}

export interface Bootstrap {
  apiBase: string;
  token: string | undefined;
  desktop: DesktopBridge | undefined;
}

const TOKEN_KEY = 'mcp-gateway.token';

/** Reads (and consumes) the `#token=` fragment; keeps the token for this tab's lifetime. */
export function readBootstrap(win: Window = window): Bootstrap {
  const desktop = win.mcpGateway;
  if (desktop !== undefined) {
    return { apiBase: desktop.apiBase.replace(/\/$/, ''), token: desktop.token, desktop };
  }
  const hash = win.location.hash;
  const match = /(?:^#|[#&])token=([^&]+)/.exec(hash);
  if (match?.[1] !== undefined) {
    const token = decodeURIComponent(match[1]);
    rememberToken(token, win);
    const rest = hash.replace(/(?:^#|&)token=[^&]+/, '').replace(/^#?&?/, '');
    win.history.replaceState(
      null,
      '',
      `${win.location.pathname}${win.location.search}${rest ? `#${rest}` : '#/'}`,
    );
    return { apiBase: win.location.origin, token, desktop: undefined };
  }
  let stored: string | null = null;
  try {
    stored = win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    stored = null;
  }
  return { apiBase: win.location.origin, token: stored ?? undefined, desktop: undefined };
}

export function rememberToken(token: string, win: Window = window): void {
  try {
    win.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage can be disabled; the token still works for this page load.
  }
}
