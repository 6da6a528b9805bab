/** UI preferences on disk (electron-store in the app's userData folder), always read through `readPrefs`. */
import Store from 'electron-store';

import { type Prefs, readPrefs } from './logic/prefs.js';

export interface PrefsStore {
  get(): Prefs;
  update(patch: Partial<Prefs>): Prefs;
}

export function createPrefsStore(): PrefsStore {
  const store = new Store<Record<string, unknown>>({ name: 'ui-preferences', clearInvalidConfig: true });
  return {
    get: () => readPrefs(store.store),
    update(patch) {
      const next = readPrefs({ ...readPrefs(store.store), ...patch });
      store.store = next;
      return next;
    },
  };
}
