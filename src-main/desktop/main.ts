/**
 * The desktop app's entry (package.json "main"): hosts the engine in Electron's main process,
 * with a tray icon, the dashboard window, notifications, start at login and updates. Only this
 * folder imports electron; every decision lives in ./logic and is unit-tested there.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { app, clipboard, dialog, ipcMain, nativeTheme, Notification, shell as electronShell } from 'electron';

import { DESKTOP_CHANNELS, type DesktopChannelKey } from '../../src-shared/desktop-bridge.js';
import { isGatewayError } from '../../src-shared/errors.js';
import { DisposalStack } from '../engine/disposal-stack.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { systemClock } from '../engine/events.js';
import { createLogger, installProcessGuards } from '../engine/telemetry/index.js';
import type { Logger } from '../engine/types.js';
import { autostartCommand, autostartFilePath, createLinuxAutostart, HIDDEN_ARG } from './logic/autostart.js';
import { createDesktopIpcHandlers } from './logic/ipc-handlers.js';
import { openLogFile } from './logic/log-file.js';
import { runTrayAction, type TrayAction } from './logic/menu-model.js';
import { createNotifier } from './logic/notifications.js';
import { needsLoginShellPath } from './logic/path-env.js';
import { installShutdown } from './logic/shutdown.js';
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

/** What the tray, the IPC handlers and the quit sequence share. */
interface Shell {
  eng: Engine;
  prefs: ReturnType<typeof createPrefsStore>;
  windows: ReturnType<typeof createWindowManager>;
  login: ReturnType<typeof startAtLoginControl>;
  updater: ReturnType<typeof createUpdater>;
  quit: () => void;
}

/** A tray action failed: logged, and told to the user in words. */
function trayActionFailed(action: TrayAction, err: unknown): void {
  logger.error('tray action failed', { action: action.type, err: String(err) });
  new Notification({ title: 'MCP Gateway', body: isGatewayError(err) ? err.message : String(err) }).show();
}

function createShellTray(shell: Shell, resources: string): ReturnType<typeof createTray> {
  const { eng, windows, login, prefs, updater } = shell;
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
        setServerDisabled: (server, disabled) => eng.setServerDisabled(server, disabled),
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
        quit: shell.quit,
      })
        .then(() => tray.refresh())
        .catch((err: unknown) => trayActionFailed(action, err));
    },
  });
  return tray;
}

function showNotifications(shell: Shell, stack: DisposalStack): void {
  const notifier = stack.use(
    'notifications',
    createNotifier({
      clock: systemClock,
      show: (n) => {
        if (!Notification.isSupported()) {
          return;
        }
        const note = new Notification({ title: n.title, body: n.body });
        note.on('click', () => shell.windows.showFull(n.server));
        note.show();
      },
    }),
    (n) => n.dispose(),
  );
  const events = shell.eng.onEvent((e) => notifier.handle(e));
  stack.defer('notification events', () => events.dispose());
}

/** The renderer's few desktop-only actions, answered only to the app's own pages. */
function registerIpc(shell: Shell, tray: ReturnType<typeof createTray>, stack: DisposalStack): void {
  const { eng, prefs, login, updater, windows } = shell;
  const handlers = createDesktopIpcHandlers({
    engineUrl: eng.url,
    bootstrap: () => ({ apiBase: eng.url, token: eng.token, platform: process.platform }),
    openExternal: (url) => electronShell.openExternal(url),
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
    revealConfig: () => electronShell.showItemInFolder(eng.paths.configFile),
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
    quit: shell.quit,
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
  stack.defer('desktop bridge handlers', () => {
    for (const key of Object.keys(DESKTOP_CHANNELS) as DesktopChannelKey[]) {
      ipcMain.removeHandler(DESKTOP_CHANNELS[key]);
    }
    ipcMain.removeAllListeners(DESKTOP_CHANNELS.bootstrap);
  });
}

/** The engine, or undefined after telling the user why it could not start (the app then exits). */
async function startEngine(): Promise<Engine | undefined> {
  try {
    // The engine opens the OS keychain for ${secret:NAME} itself (src-main/engine/security/secrets.ts);
    // launched from a GUI, it asks the login shell for PATH before starting stdio servers.
    return await createEngine({
      logger,
      guiLaunch: needsLoginShellPath(process.platform, process.env),
      // Sign-in pages open in the system browser, never inside the app.
      openUrl: (url) => electronShell.openExternal(url),
    });
  } catch (err) {
    const message = isGatewayError(err) ? err.message : String(err);
    dialog.showErrorBox('MCP Gateway could not start', message);
    app.exit(1);
    return undefined;
  }
}

/** Before the window: one instance, the app's name and id, the log file. */
async function prepareApp(): Promise<
  { startHidden: boolean; logFile: ReturnType<typeof openLogFile> } | undefined
> {
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
    return undefined;
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
  return { startHidden, logFile };
}

async function run(): Promise<void> {
  const prepared = await prepareApp();
  if (prepared === undefined) {
    return;
  }
  // Everything below is released newest first on quit, and when start-up fails; the engine last.
  // Every quit (menu, signal, second request) is held until the stack has been released.
  const stack = new DisposalStack();
  const shutdown = installShutdown({
    stack,
    host: {
      onBeforeQuit: (listener) => app.on('before-quit', listener),
      quit: () => app.quit(),
      exit: (code) => app.exit(code),
    },
    logger,
    onReleased: () => prepared.logFile.close(),
  });
  try {
    await startShell(prepared.startHidden, stack);
  } catch (err) {
    logger.error('the desktop app failed to start', { err: String(err) });
    await shutdown.fail(() => dialog.showErrorBox('MCP Gateway could not start', String(err)));
  }
}

async function startShell(startHidden: boolean, stack: DisposalStack): Promise<void> {
  const prefs = createPrefsStore();
  // The window's prefers-color-scheme follows the user's choice (or the OS with "system").
  nativeTheme.themeSource = prefs.get().theme;
  const eng = await startEngine();
  if (eng === undefined) {
    return;
  }
  // A quit during start-up has released the stack already: the engine is then closed at once.
  stack.defer('engine', () => eng.close());
  logger.info('gateway listening', { url: eng.url });
  hardenSessions(eng.url);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const resources = path.join(app.getAppPath(), 'resources');
  const windows = stack.use(
    'windows',
    createWindowManager({
      engineUrl: eng.url,
      preload: path.join(here, 'preload.cjs'),
      prefs,
      icon: path.join(resources, 'icons', 'icon-512.png'),
    }),
    (w) => w.destroy(),
  );
  const updater = stack.use(
    'updater',
    createUpdater({ packaged: app.isPackaged, enabled: prefs.get().autoUpdate, logger }),
    (u) => u.dispose(),
  );
  const shell: Shell = { eng, prefs, windows, login: startAtLoginControl(), updater, quit: () => app.quit() };
  const tray = stack.use('tray', createShellTray(shell, resources), (t) => t.dispose());
  showNotifications(shell, stack);
  registerIpc(shell, tray, stack);
  app.on('second-instance', () => windows.showFull());
  app.on('activate', () => windows.showFull());
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  if (!startHidden) {
    windows.showFull();
  }
}

run().catch((err: unknown) => {
  logger.error('the desktop app failed to start', { err: String(err) });
  dialog.showErrorBox('MCP Gateway could not start', String(err));
  app.exit(1);
});
