/**
 * The dashboard's preload. It runs sandboxed, as a CommonJS script that may `require('electron')`
 * and nothing else (hence `.cts`), so it imports no code of ours at run time: the channel names
 * are written here and the type checker holds them equal to DESKTOP_CHANNELS in
 * src-shared/desktop-bridge.ts.
 * It exposes exactly `window.mcpGateway` (DesktopBridge) and no Electron or Node API.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS and may only require electron
import electron = require('electron');

import type {
  DESKTOP_CHANNELS,
  DesktopBootstrap as Bootstrap,
  DesktopBridge as Bridge,
  UiPreferences as Prefs,
} from '../../src-shared/desktop-bridge.js';

type Channels = typeof DESKTOP_CHANNELS;
const { contextBridge, ipcRenderer } = electron;

const CHANNELS = {
  bootstrap: 'mcp-gateway:bootstrap',
  openExternal: 'mcp-gateway:open-external',
  getStartAtLogin: 'mcp-gateway:get-start-at-login',
  setStartAtLogin: 'mcp-gateway:set-start-at-login',
  getAutoUpdate: 'mcp-gateway:get-auto-update',
  setAutoUpdate: 'mcp-gateway:set-auto-update',
  revealConfig: 'mcp-gateway:reveal-config',
  getPreferences: 'mcp-gateway:get-preferences',
  setPreferences: 'mcp-gateway:set-preferences',
  expandWindow: 'mcp-gateway:expand-window',
  quit: 'mcp-gateway:quit',
} as const satisfies Channels;

// Synchronous once, so the page sees a complete bridge before its first script runs.
const boot = ipcRenderer.sendSync(CHANNELS.bootstrap) as Bootstrap | { error: string };
if ('error' in boot) {
  throw new Error(`MCP Gateway could not start the dashboard: ${boot.error}`);
}

const bridge: Bridge = {
  apiBase: boot.apiBase,
  token: boot.token,
  platform: boot.platform,
  desktop: {
    openExternal: (url) => ipcRenderer.invoke(CHANNELS.openExternal, url) as Promise<void>,
    getStartAtLogin: () => ipcRenderer.invoke(CHANNELS.getStartAtLogin) as Promise<boolean>,
    setStartAtLogin: (on) => ipcRenderer.invoke(CHANNELS.setStartAtLogin, on) as Promise<boolean>,
    getAutoUpdate: () => ipcRenderer.invoke(CHANNELS.getAutoUpdate) as Promise<boolean>,
    setAutoUpdate: (on) => ipcRenderer.invoke(CHANNELS.setAutoUpdate, on) as Promise<boolean>,
    revealConfig: () => ipcRenderer.invoke(CHANNELS.revealConfig) as Promise<void>,
    getPreferences: () => ipcRenderer.invoke(CHANNELS.getPreferences) as Promise<Prefs>,
    setPreferences: (patch) => ipcRenderer.invoke(CHANNELS.setPreferences, patch) as Promise<Prefs>,
    expandWindow: () => ipcRenderer.invoke(CHANNELS.expandWindow) as Promise<void>,
    quit: () => ipcRenderer.invoke(CHANNELS.quit) as Promise<void>,
  },
};

contextBridge.exposeInMainWorld('mcpGateway', bridge);
