/**
 * The dashboard window: the renderer served by the engine at /ui, shown as a popover next to the
 * tray or as a full window. All policy (security options, CSP, navigation, position) comes from
 * logic/window-options.ts; this file only applies it.
 */
import { app, BrowserWindow, type Rectangle, screen, session, shell } from 'electron';

import {
  contentSecurityPolicy,
  dashboardUrl,
  externalLinkDecision,
  originOf,
  POPOVER_SIZE,
  popoverPosition,
  windowOptions,
} from './logic/window-options.js';
import type { PrefsStore } from './prefs-store.js';

export interface WindowManager {
  /** The popover next to the tray (toggles when already shown). */
  togglePopover(trayBounds: Rectangle): void;
  /** The full window, optionally on one server's page. */
  showFull(server?: string): void;
  /** The popover grows into the full window. */
  expand(): void;
  destroy(): void;
}

/**
 * Locks down every web contents the app creates and the session the dashboard uses: CSP on the
 * engine's responses, no permissions, no navigation away, links to the OS browser after checks.
 */
export function hardenSessions(engineUrl: string): void {
  const csp = contentSecurityPolicy(engineUrl);
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived({ urls: [`${originOf(engineUrl)}/*`] }, (details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    const guard = (event: { preventDefault(): void }, url: string): void => {
      const decision = externalLinkDecision(url, engineUrl);
      if (decision === 'stay') {
        return;
      }
      event.preventDefault();
      if (decision === 'open-external') {
        void shell.openExternal(url);
      }
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (externalLinkDecision(url, engineUrl) !== 'deny') {
        // Even our own pages open in the OS browser rather than in a second app window.
        void shell.openExternal(url);
      }
      return { action: 'deny' };
    });
  });
}

interface WindowManagerOptions {
  engineUrl: string;
  preload: string;
  prefs: PrefsStore;
  icon?: string;
}

/** A new dashboard window of this kind, loaded where the user left off; `closed` hears its end. */
function createWindow(
  options: WindowManagerOptions,
  kind: 'popover' | 'full',
  closed: (w: BrowserWindow) => void,
): BrowserWindow {
  const prefs = options.prefs.get();
  const full = kind === 'full';
  const w = new BrowserWindow(windowOptions(kind, prefs.window, options.preload, options.icon));
  w.removeMenu();
  if (full) {
    w.on('resized', () => {
      const [width, height] = w.getSize();
      if (width !== undefined && height !== undefined) {
        options.prefs.update({ window: { width, height, expanded: true } });
      }
    });
  } else {
    // A popover goes away when the user clicks elsewhere, like the OS's own tray menus.
    w.on('blur', () => {
      if (!w.webContents.isDevToolsOpened()) {
        w.hide();
      }
    });
  }
  w.on('closed', () => closed(w));
  // Reopen where the user left off (a route the dashboard saved through the bridge).
  const last = prefs.lastView.startsWith('#/') ? prefs.lastView : '';
  void w.loadURL(`${dashboardUrl(options.engineUrl)}${last}`);
  return w;
}

export function createWindowManager(options: WindowManagerOptions): WindowManager {
  let win: BrowserWindow | undefined;
  let mode: 'popover' | 'full' = 'popover';

  const create = (kind: 'popover' | 'full'): BrowserWindow =>
    createWindow(options, kind, (w) => {
      if (win === w) {
        win = undefined;
      }
    });

  const open = (kind: 'popover' | 'full'): BrowserWindow => {
    if (win !== undefined && mode !== kind) {
      win.destroy();
      win = undefined;
    }
    mode = kind;
    win ??= create(kind);
    return win;
  };

  const navigate = (w: BrowserWindow, server: string | undefined): void => {
    if (server === undefined) {
      return;
    }
    const url = dashboardUrl(options.engineUrl, server);
    const hash = url.slice(url.indexOf('#'));
    // Same page, new route: no reload, the renderer keeps its live event stream.
    void w.webContents.executeJavaScript(`location.hash = ${JSON.stringify(hash)}`, false);
  };

  return {
    togglePopover(trayBounds) {
      if (win !== undefined && mode === 'popover' && win.isVisible()) {
        win.hide();
        return;
      }
      const w = open('popover');
      const display = screen.getDisplayNearestPoint({ x: trayBounds.x, y: trayBounds.y });
      const pos = popoverPosition(trayBounds, POPOVER_SIZE, display.workArea);
      w.setPosition(pos.x, pos.y, false);
      w.show();
      w.focus();
    },
    showFull(server) {
      const w = open('full');
      if (w.webContents.isLoading()) {
        w.webContents.once('did-finish-load', () => navigate(w, server));
      } else {
        navigate(w, server);
      }
      if (w.isMinimized()) {
        w.restore();
      }
      w.show();
      w.focus();
    },
    expand() {
      options.prefs.update({ window: { ...options.prefs.get().window, expanded: true } });
      this.showFull();
    },
    destroy() {
      win?.destroy();
      win = undefined;
    },
  };
}
