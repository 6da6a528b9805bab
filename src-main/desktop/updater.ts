/**
 * Auto-update from the project's GitHub releases (electron-updater, configured by the `publish`
 * block of electron-builder.yml). Only packaged builds check, and only while the user's
 * preference allows it.
 */
import electronUpdater from 'electron-updater';

import type { Logger } from '../engine/types.js';

const CHECK_EVERY_MS = 6 * 60 * 60_000;

export interface Updater {
  setEnabled(on: boolean): void;
  dispose(): void;
}

export function createUpdater(options: { packaged: boolean; enabled: boolean; logger: Logger }): Updater {
  const { autoUpdater } = electronUpdater;
  let timer: ReturnType<typeof setInterval> | undefined;
  const check = (): void => {
    autoUpdater.checkForUpdatesAndNotify().catch((err: unknown) => {
      options.logger.warn('update check failed', { err: String(err) });
    });
  };
  const setEnabled = (on: boolean): void => {
    if (timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
    autoUpdater.autoDownload = on;
    if (!on || !options.packaged) {
      return;
    }
    check();
    timer = setInterval(check, CHECK_EVERY_MS);
    timer.unref();
  };
  setEnabled(options.enabled);
  return {
    setEnabled,
    dispose: () => {
      if (timer !== undefined) {
        clearInterval(timer);
      }
    },
  };
}
