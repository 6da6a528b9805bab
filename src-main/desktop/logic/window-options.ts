/**
 * The dashboard window's security settings, content security policy, navigation rules and
 * position next to the tray. Pure: the glue passes these to BrowserWindow and its session.
 */
import { isSafeExternalUrl } from '../../../src-shared/desktop-bridge.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** The popover next to the tray, and the full window it grows into. */
export const POPOVER_SIZE: Size = { width: 420, height: 600 };
export const FULL_SIZE: Size = { width: 1180, height: 780 };
export const MIN_SIZE: Size = { width: 360, height: 420 };

/**
 * webPreferences for the dashboard: no Node in the page, an isolated sandboxed preload, web
 * security on. Everything the page may do goes through the engine's API or the preload bridge.
 */
export function secureWebPreferences(preload: string): {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  safeDialogs: true;
} {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

/** `http://127.0.0.1:7411` from any URL of the engine. */
export function originOf(url: string): string {
  return new URL(url).origin;
}

/**
 * The page may load its own bundle from the engine and talk to the engine only: no remote
 * scripts, no frames, no plugins, no form posts elsewhere.
 */
export function contentSecurityPolicy(engineUrl: string): string {
  const engine = originOf(engineUrl);
  return [
    `default-src 'none'`,
    `script-src ${engine}`,
    // React and Radix set inline styles at run time.
    `style-src ${engine} 'unsafe-inline'`,
    `img-src ${engine} data:`,
    `font-src ${engine} data:`,
    `connect-src ${engine}`,
    `manifest-src ${engine}`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-src 'none'`,
    `frame-ancestors 'none'`,
    `object-src 'none'`,
    `worker-src 'none'`,
  ].join('; ');
}

/** The dashboard's address inside the engine (the preload hands over the token). */
export function dashboardUrl(engineUrl: string, server?: string): string {
  const base = `${originOf(engineUrl)}/ui/`;
  return server === undefined ? base : `${base}#/servers/${encodeURIComponent(server)}`;
}

/** Navigation stays on the dashboard; everything else is refused (links go to the OS browser). */
export function isAllowedNavigation(target: string, engineUrl: string): boolean {
  try {
    const u = new URL(target);
    return u.origin === originOf(engineUrl) && u.pathname.startsWith('/ui/');
  } catch {
    return false;
  }
}

/** What to do with a link the page tries to open in a new window or navigate to. */
export function externalLinkDecision(target: string, engineUrl: string): 'stay' | 'open-external' | 'deny' {
  if (isAllowedNavigation(target, engineUrl)) {
    return 'stay';
  }
  return isSafeExternalUrl(target) ? 'open-external' : 'deny';
}

/** Only our own page may use the bridge: the sender frame must be the dashboard. */
export function isTrustedSender(senderUrl: string | undefined, engineUrl: string): boolean {
  return senderUrl !== undefined && isAllowedNavigation(senderUrl, engineUrl);
}

function clamp(v: number, min: number, max: number): number {
  return Math.max(min, Math.min(v, max));
}

/**
 * Where the popover goes: centred under a tray at the top of the screen (macOS, most Linux
 * panels), above one at the bottom (Windows taskbar), beside one on a vertical taskbar, and
 * in the top-right corner when the tray reports no bounds (some Linux trays). Always inside
 * the display's work area.
 */
export function popoverPosition(
  tray: Rect,
  size: Size,
  workArea: Rect,
  margin = 8,
): { x: number; y: number } {
  const w = Math.min(size.width, workArea.width - 2 * margin);
  const h = Math.min(size.height, workArea.height - 2 * margin);
  const minX = workArea.x + margin;
  const maxX = workArea.x + workArea.width - w - margin;
  const minY = workArea.y + margin;
  const maxY = workArea.y + workArea.height - h - margin;
  if (tray.width === 0 && tray.height === 0) {
    return { x: maxX, y: minY };
  }
  const cx = tray.x + tray.width / 2;
  const cy = tray.y + tray.height / 2;
  const rightEdge = workArea.x + workArea.width;
  const bottomEdge = workArea.y + workArea.height;
  // A vertical taskbar: the tray sits left or right of the work area.
  if (tray.x >= rightEdge || tray.x + tray.width <= workArea.x) {
    const x = tray.x >= rightEdge ? maxX : minX;
    return { x: Math.round(x), y: Math.round(clamp(cy - h / 2, minY, maxY)) };
  }
  const x = Math.round(clamp(cx - w / 2, minX, maxX));
  const below = cy < workArea.y + workArea.height / 2 || tray.y + tray.height <= workArea.y;
  if (below) {
    // Right under the bar: the work area already starts below it.
    return { x, y: Math.round(clamp(tray.y + tray.height + margin / 2, workArea.y, maxY)) };
  }
  return { x, y: Math.round(clamp(Math.min(tray.y, bottomEdge) - h - margin / 2, minY, maxY)) };
}

/**
 * The window's options: the popover is a frameless, always-on-top panel of a fixed size, the full
 * window a normal one at the size the user left it.
 */
export function windowOptions(
  kind: 'popover' | 'full',
  saved: Size,
  preload: string,
  icon: string | undefined,
) {
  const full = kind === 'full';
  return {
    width: full ? saved.width : POPOVER_SIZE.width,
    height: full ? saved.height : POPOVER_SIZE.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    frame: full,
    resizable: full,
    skipTaskbar: !full,
    alwaysOnTop: !full,
    fullscreenable: full,
    title: 'MCP Gateway',
    icon,
    backgroundColor: '#00000000',
    webPreferences: secureWebPreferences(preload),
  };
}
