/**
 * The tray icon and its menu, rebuilt from engine events. What to show comes from
 * logic/tray-state.ts and logic/menu-model.ts; this file maps those models onto Electron.
 */
import path from 'node:path';

import { Menu, type MenuItemConstructorOptions, nativeImage, nativeTheme, Tray } from 'electron';

import type { EngineEvent } from '../../src-shared/events.js';
import type { Engine } from '../engine/engine.js';
import type { Disposable } from '../engine/types.js';
import { buildMenuModel, type MenuInput, type MenuItemModel, type TrayAction } from './logic/menu-model.js';
import { trayIconFile, trayState } from './logic/tray-state.js';

export interface TrayController extends Disposable {
  refresh(): void;
}

export interface TrayOptions {
  /** What the tray reads of the running engine. */
  engine: Pick<Engine, 'servers' | 'toolsAwaitingReview' | 'onEvent'>;
  /** resources/tray */
  iconDir: string;
  endpoint: string;
  isPaused(): boolean;
  startAtLogin(): Promise<boolean>;
  autoUpdate(): boolean;
  onAction(action: TrayAction): void;
  /** Left click (macOS, Windows): the popover. */
  onClick(bounds: Electron.Rectangle): void;
}

function toTemplate(items: MenuItemModel[], onAction: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') {
      return { type: 'separator' };
    }
    const click =
      item.action === undefined
        ? undefined
        : (
            (action: TrayAction) => () =>
              onAction(action)
          )(item.action);
    return {
      id: item.id,
      label: item.label,
      enabled: item.enabled,
      type: item.kind === 'checkbox' ? 'checkbox' : item.kind === 'submenu' ? 'submenu' : 'normal',
      checked: item.checked,
      click,
      submenu: item.submenu === undefined ? undefined : toTemplate(item.submenu, onAction),
    };
  });
}

/**
 * Linux panels are dark almost everywhere. The Windows taskbar follows the system theme, which
 * may differ from the app's (the user can force the dashboard light or dark).
 */
function darkBar(): boolean {
  return process.platform === 'linux' ? true : nativeTheme.shouldUseDarkColorsForSystemIntegratedUI;
}

/** Events after which the icon, tooltip or menu may differ. */
function changesTray(e: EngineEvent): boolean {
  return (
    e.type.startsWith('server.') ||
    e.type.startsWith('gateway.') ||
    e.type === 'config.reloaded' ||
    e.type === 'trust.changed'
  );
}

export function createTray(options: TrayOptions): TrayController {
  const { engine } = options;
  const servers = () =>
    engine.servers().map((s) => ({ name: s.name, state: s.state, footprintBytes: s.footprintBytes }));
  const image = (file: string) => {
    const img = nativeImage.createFromPath(path.join(options.iconDir, file));
    if (process.platform === 'darwin') {
      img.setTemplateImage(true);
    }
    return img;
  };
  const initial = trayState(servers(), options.isPaused());
  const tray = new Tray(image(trayIconFile(initial.health, process.platform, darkBar())));
  let lastIcon = '';
  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const render = async (): Promise<void> => {
    timer = undefined;
    const list = servers();
    const paused = options.isPaused();
    const input: MenuInput = {
      servers: list,
      paused,
      startAtLogin: await options.startAtLogin().catch(() => false),
      autoUpdate: options.autoUpdate(),
      endpoint: options.endpoint,
      pendingReview: engine.toolsAwaitingReview(),
    };
    if (disposed) {
      return;
    }
    const t = trayState(list, paused);
    const icon = trayIconFile(t.health, process.platform, darkBar());
    if (icon !== lastIcon) {
      tray.setImage(image(icon));
      lastIcon = icon;
    }
    tray.setToolTip(t.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(toTemplate(buildMenuModel(input), options.onAction)));
  };

  // Bursts of state events (a restart is several transitions) become one rebuild.
  const refresh = (): void => {
    if (disposed || timer !== undefined) {
      return;
    }
    timer = setTimeout(() => void render(), 150);
  };

  tray.on('click', (_e, bounds) => options.onClick(bounds));
  const sub = engine.onEvent((e) => {
    if (changesTray(e)) {
      refresh();
    }
  });
  const onTheme = () => {
    lastIcon = '';
    refresh();
  };
  nativeTheme.on('updated', onTheme);
  void render();

  return {
    refresh,
    dispose() {
      disposed = true;
      if (timer !== undefined) {
        clearTimeout(timer);
      }
      sub.dispose();
      nativeTheme.off('updated', onTheme);
      tray.destroy();
    },
  };
}
