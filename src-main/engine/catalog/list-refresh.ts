import type { Client } from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import { CHANGE_DEBOUNCE_MS } from './changes.js';
import { createKeyedDebounce } from './keyed-debounce.js';
import { KIND_CHANGE, sameList } from './list-diff.js';
import type { ListState, ServerListDeps } from './list-state.js';
import { fetchAll, type ListKind } from './wire.js';

export interface ListRefresh {
  /** The backend said a list changed: fetch it again, debounced per server and kind. */
  refresh(server: string, client: Client, kind: ListKind): void;
  close(): void;
}

/**
 * Refetching one kind of list on a backend's `list_changed`: one fetch per server and kind for a
 * burst, only while the lists still come from that connection, and a change only where the list
 * differs (a refresh with no difference must not wake every client).
 */
export function createListRefresh(state: ListState, deps: ServerListDeps): ListRefresh {
  const { logger } = deps;
  const refreshes = createKeyedDebounce(deps.clock, CHANGE_DEBOUNCE_MS);

  function applyList(server: string, kind: ListKind, items: unknown[]): void {
    const l = state.lists.get(server);
    if (l === undefined || sameList(l[kind], items)) {
      return;
    }
    (l as unknown as Record<ListKind, unknown[]>)[kind] = items;
    deps.changed(server, KIND_CHANGE[kind]);
  }

  return {
    refresh(server, client, kind) {
      const current = () => state.loadedFrom.get(server) === client;
      refreshes.schedule(`${server}\0${kind}`, () => {
        if (!current()) {
          return;
        }
        fetchAll(client, kind, logger.child({ server }), deps.settings().listTimeoutMs)
          .then((items) => current() && applyList(server, kind, items))
          .catch((err: unknown) => logger.warn(`could not refresh ${kind}`, { server, err: errorText(err) }));
      });
    },
    close: () => refreshes.close(),
  };
}
