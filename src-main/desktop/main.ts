/**
 * The desktop app's entry (package.json "main"): hosts the engine in Electron's main process,
 * with a tray icon, the dashboard window, notifications, start at login and updates. Only this
 * folder imports electron; every decision lives in ./logic and is unit-tested there.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { app, clipboard, dialog, ipcMain, nativeTheme, Notification, shell } from 'electron';

import { DESKTOP_CHANNELS, type DesktopChannelKey } from '../../src-shared/desktop-bridge.js';
import { isGatewayError } from '../../src-shared/errors.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { systemClock } from '../engine/events.js';
import { createLogger, installProcessGuards } from '../engine/telemetry/index.js';
import type { Logger } from '../engine/types.js';
import { autostartCommand, autostartFilePath, createLinuxAutostart, HIDDEN_ARG } from './logic/autostart.js';
import { createDesktopIpcHandlers } from './logic/ipc-handlers.js';
import { openLogFile } from './logic/log-file.js';
import { runTrayAction } from './logic/menu-model.js';
import { createNotifier } from './logic/notifications.js';
import { needsLoginShellPath } from './logic/path-env.js';
import { isTrustedSender } from './logic/window-options.js';
import { createPrefsStore } from './prefs-store.js';
import { createTray } from './tray.js';
import { createUpdater } from './updater.js';
import { createWindowManager, hardenSessions } from './window.js';

const level = process.env.MCP_GATEWAY_LOG_LEVEL === 'debug' ? 'debug' : 'info';
/** Until the log folder is known (after the app's name is set), lines go to stderr only. */
let logger: Logger = createLogger({ level });

function startAtLoginControl(): { get(): Promise<boolean>; set(on: boolean): Promise<boolean> } {
  if (process.platform === 'linux') {
    return createLinuxAutostart({
      file: autostartFilePath(process.env, os.homedir()),
      command: autostartCommand(process.execPath, process.env),
    });
  }
  return {
    get: () => Promise.resolve(app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin),
    set(on) {
      app.setLoginItemSettings({ openAtLogin: on, args: [HIDDEN_ARG] });
      return Promise.resolve(app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin);
    },
  };
}

async function run(): Promise<void> {
  // A stray rejection or throw is logged (to the log file once it is open) and the app goes on.
  installProcessGuards({
    debug: (m, f) => logger.debug(m, f),
    info: (m, f) => logger.info(m, f),
    warn: (m, f) => logger.warn(m, f),
    error: (m, f) => logger.error(m, f),
    child: (b) => logger.child(b),
  });
  // The name picks the userData folder, which the single-instance lock is keyed on.
  app.setName('MCP Gateway');
  // A second launch hands over to the first (which shows its window) and leaves.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (process.platform === 'win32') {
    app.setAppUserModelId('io.github.mcp-gateway.desktop');
  }
  const startHidden =
    process.argv.includes(HIDDEN_ARG) || app.getLoginItemSettings().wasOpenedAtLogin === true;
  await app.whenReady();
  // Packaged apps have no terminal: log to <logs>/main.log as well (redacted like every line).
  const logFile = openLogFile(app.getPath('logs'));
  logger = createLogger({
    level,
    write: (line) => {
      process.stderr.write(`${line}\n`);
      logFile.write(line);
    },
  });
  app.dock?.hide();

  const prefs = createPrefsStore();
  // The window's prefers-color-scheme follows the user's choice (or the OS with "system").
  nativeTheme.themeSource = prefs.get().theme;
  let engine: Engine | undefined;
  try {
    // The engine opens the OS keychain for ${secret:NAME} itself (src-main/engine/security/secrets.ts);
    // launched from a GUI, it asks the login shell for PATH before starting stdio servers.
    engine = await createEngine({
      logger,
      guiLaunch: needsLoginShellPath(process.platform, process.env),
      // Sign-in pages open in the system browser, never inside the app.
      openUrl: (url) => shell.openExternal(url),
    });
  } catch (err) {
    const message = isGatewayError(err) ? err.message : String(err);
    dialog.showErrorBox('MCP Gateway could not start', message);
    app.exit(1);
    return;
  }
  const eng = engine;
  logger.info('gateway listening', { url: eng.url });

  hardenSessions(eng.url);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const resources = path.join(app.getAppPath(), 'resources');
  const windows = createWindowManager({
    engineUrl: eng.url,
    preload: path.join(here, 'preload.cjs'),
    prefs,
    icon: path.join(resources, 'icons', 'icon-512.png'),
  });
  const login = startAtLoginControl();
  const updater = createUpdater({ packaged: app.isPackaged, enabled: prefs.get().autoUpdate, logger });

  const setServerDisabled = (server: string, disabled: boolean): Promise<void> =>
    eng.setServerDisabled(server, disabled);

  let phase: 'running' | 'closing' | 'closed' = 'running';
  const quit = (): void => {
    app.quit();
  };

  const tray = createTray({
    engine: eng,
    iconDir: path.join(resources, 'tray'),
    endpoint: eng.mcpUrl,
    isPaused: () => eng.isPaused(),
    startAtLogin: () => login.get(),
    autoUpdate: () => prefs.get().autoUpdate,
    onClick: (bounds) => windows.togglePopover(bounds),
    onAction: (action) => {
      runTrayAction(action, {
        endpoint: eng.mcpUrl,
        openWindow: (view) => windows.showFull(view?.server),
        copyText: (text) => clipboard.writeText(text),
        pause: () => eng.pause(),
        resume: () => eng.resume(),
        setServerDisabled,
        restart: (server) => eng.restartServer(server, 'restarted from the tray'),
        wake: async (server) => {
          await eng.wakeServer(server, 'woken from the tray');
        },
        resetCircuit: (server) => eng.resetCircuit(server),
        signIn: (server) => eng.signIn(server),
        setStartAtLogin: async (on) => {
          await login.set(on);
          tray.refresh();
        },
        setAutoUpdate: (on) => {
          prefs.update({ autoUpdate: on });
          updater.setEnabled(on);
          tray.refresh();
        },
        quit,
      })
        .then(() => tray.refresh())
        .catch((err: unknown) => {
          logger.error('tray action failed', { action: action.type, err: String(err) });
          new Notification({
            title: 'MCP Gateway',
            body: isGatewayError(err) ? err.message : String(err),
          }).show();
        });
    },
  });

  const notifier = createNotifier({
    clock: systemClock,
    show: (n) => {
      if (!Notification.isSupported()) {
        return;
      }
      const note = new Notification({ title: n.title, body: n.body });
      note.on('click', () => windows.showFull(n.server));
      note.show();
    },
  });
  const notifySub = eng.onEvent((e) => notifier.handle(e));

  const handlers = createDesktopIpcHandlers({
    engineUrl: eng.url,
    bootstrap: () => ({ apiBase: eng.url, token: eng.token, platform: process.platform }),
    openExternal: (url) => shell.openExternal(url),
    getStartAtLogin: () => login.get(),
    setStartAtLogin: async (on) => {
      const now = await login.set(on);
      tray.refresh();
      return now;
    },
    getAutoUpdate: () => prefs.get().autoUpdate,
    setAutoUpdate: (on) => {
      const next = prefs.update({ autoUpdate: on }).autoUpdate;
      updater.setEnabled(next);
      tray.refresh();
      return next;
    },
    revealConfig: () => shell.showItemInFolder(eng.paths.configFile),
    getPreferences: () => {
      const p = prefs.get();
      return { theme: p.theme, lastView: p.lastView, autoUpdate: p.autoUpdate };
    },
    setPreferences: (patch) => {
      const p = prefs.update(patch);
      nativeTheme.themeSource = p.theme;
      return { theme: p.theme, lastView: p.lastView, autoUpdate: p.autoUpdate };
    },
    expandWindow: () => windows.expand(),
    quit,
  });
  // The preload needs its bootstrap synchronously; everything else is invoke/handle.
  ipcMain.on(DESKTOP_CHANNELS.bootstrap, (event) => {
    const url = event.senderFrame?.url;
    event.returnValue = isTrustedSender(url, eng.url)
      ? { apiBase: eng.url, token: eng.token, platform: process.platform }
      : { error: 'this page may not use the desktop bridge' };
  });
  for (const key of Object.keys(DESKTOP_CHANNELS) as DesktopChannelKey[]) {
    if (key === 'bootstrap') {
      continue;
    }
    ipcMain.handle(DESKTOP_CHANNELS[key], (event, ...args: unknown[]) =>
      handlers[key](event.senderFrame?.url, args),
    );
  }

  app.on('second-instance', () => windows.showFull());
  app.on('activate', () => windows.showFull());
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);

  // Quit stops every backend and flushes the config before the process ends.
  app.on('before-quit', (event) => {
    if (phase === 'closed') {
      return;
    }
    // Hold every quit (menu, signal, second request) until the engine has stopped.
    event.preventDefault();
    if (phase === 'closing') {
      return;
    }
    phase = 'closing';
    notifySub.dispose();
    notifier.dispose();
    updater.dispose();
    tray.dispose();
    windows.destroy();
    for (const key of Object.keys(DESKTOP_CHANNELS) as DesktopChannelKey[]) {
      ipcMain.removeHandler(DESKTOP_CHANNELS[key]);
    }
    ipcMain.removeAllListeners(DESKTOP_CHANNELS.bootstrap);
    // The engine's stop ladder is bounded; this is the last resort if something still hangs.
    const force = setTimeout(() => app.exit(1), 30_000);
    eng
      .close()
      .catch((err: unknown) => logger.error('shutdown was not clean', { err: String(err) }))
      .finally(() => {
        clearTimeout(force);
        phase = 'closed';
        logFile.close();
        // Quit again, now for real: `quit` handlers (e.g. install a downloaded update) still run.
        app.quit();
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => app.quit());
  }

  if (!startHidden) {
    windows.showFull();
  }
}

run().catch((err: unknown) => {
  logger.error('the desktop app failed to start', { err: String(err) });
  dialog.showErrorBox('MCP Gateway could not start', String(err));
  app.exit(1);
});
