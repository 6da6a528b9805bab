import type { GatewayConfig } from '../../../src-shared/config.js';
import type { CatalogParts } from './catalog-parts.js';
import { type CatalogSettings, settingsOf } from './settings.js';

/** What the catalog's own files share: the settings in force (read on every call) and closing. */
export interface CatalogState {
  settings: CatalogSettings;
  closed: boolean;
}

type SelectionParts = Pick<CatalogParts, 'views' | 'store' | 'changes'>;

/**
 * Select again (the config or a selection input such as tool trust changed) and announce, per
 * server with lists, what clients can now see differently.
 */
export function reselect(state: CatalogState, parts: SelectionParts, othersChanged = false): void {
  if (state.closed) {
    return;
  }
  const toolsChanged = parts.views.reselect(othersChanged);
  if (toolsChanged || othersChanged) {
    for (const server of state.settings.order.filter((n) => parts.store.lists.has(n))) {
      parts.changes.schedule(server, {
        tools: toolsChanged,
        resources: othersChanged,
        prompts: othersChanged,
      });
    }
  }
}

/**
 * A new config: new settings, the list cache of removed servers forgotten, and a new selection
 * (names change for every kind when the separator or the server order does).
 */
export function configChanged(
  state: CatalogState,
  parts: SelectionParts,
  listCache: { delete(server: string): void } | undefined,
  config: GatewayConfig,
): void {
  const before = state.settings;
  state.settings = settingsOf(config);
  for (const name of before.order) {
    if (!state.settings.servers.has(name)) {
      listCache?.delete(name);
    }
  }
  const othersChanged =
    before.separator !== state.settings.separator ||
    before.order.join('\0') !== state.settings.order.join('\0');
  reselect(state, parts, othersChanged);
}
