import { useEffect } from 'react';

import { setTheme, useSettings } from '../stores/settings.js';
import { useEngine } from './context.js';

/**
 * In the desktop app, the shell keeps the theme and the last view: read them once, and write
 * them back when they change (the window reopens where the person left off).
 */
export function useDesktopSync(hash: string): void {
  const desktop = useEngine().desktop?.desktop;
  const theme = useSettings((s) => s.theme);

  useEffect(() => {
    void desktop
      ?.getPreferences?.()
      .then((p) => {
        if (p.theme !== useSettings.getState().theme) {
          setTheme(p.theme);
        }
      })
      .catch(() => undefined);
  }, [desktop]);

  useEffect(() => {
    void desktop?.setPreferences?.({ theme }).catch(() => undefined);
  }, [desktop, theme]);

  useEffect(() => {
    if (desktop?.setPreferences === undefined || !hash.startsWith('#/') || hash.length > 200) {
      return;
    }
    const t = setTimeout(() => void desktop.setPreferences?.({ lastView: hash }).catch(() => undefined), 400);
    return () => clearTimeout(t);
  }, [desktop, hash]);
}
