import { useEffect } from 'react';

import { navigate } from '../lib/router.js';
import { createShortcutKeys } from './shortcut-keys.js';

/** The view shortcuts, listened for on the whole window while the app is shown. */
export function useShortcutKeys(): void {
  useEffect(() => {
    const keys = createShortcutKeys(navigate);
    window.addEventListener('keydown', keys.onKey);
    return () => {
      window.removeEventListener('keydown', keys.onKey);
      keys.dispose();
    };
  }, []);
}

/** Move focus to the page heading on navigation so keyboard and screen-reader users land in the view. */
export function useFocusHeading(view: string): void {
  useEffect(() => {
    const h = document.querySelector<HTMLElement>('main h1');
    h?.focus({ preventScroll: true });
  }, [view]);
}
