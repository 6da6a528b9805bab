import type { Client } from '@modelcontextprotocol/client';

import type { BackendConnection, Clock, EventBus, Logger, SupervisorApi } from '../types.js';
import type { ListChange } from './changes.js';
import type { ListCache } from './list-cache.js';
import type { CatalogSettings } from './settings.js';
import type { ServerLists } from './views.js';

export interface ServerListDeps {
  supervisor: SupervisorApi;
  settings: () => CatalogSettings;
  listCache: ListCache | undefined;
  /** Lists of `server` changed (what changed; every kind false when nothing did). */
  changed(server: string, change: ListChange): void;
  /** The server listed afresh on a new connection: renew what clients subscribed to. */
  renew(server: string, conn: BackendConnection): void;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
}

/** What the list store's parts share: the lists and where each server's came from. */
export interface ListState {
  readonly lists: Map<string, ServerLists>;
  /** Servers whose lists came from the cache and have not been confirmed by the live server yet. */
  readonly fromCache: Set<string>;
  /** Loads running, by server. */
  readonly loading: Map<string, Promise<void>>;
  /** Which shared connection lists were loaded from, to ignore late refreshes of an old one. */
  readonly loadedFrom: Map<string, Client>;
  closed: boolean;
}

export function createListState(): ListState {
  return { lists: new Map(), fromCache: new Set(), loading: new Map(), loadedFrom: new Map(), closed: false };
}
