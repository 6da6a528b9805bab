import type { BackendConnection } from '../types.js';
import type { ListChange } from './changes.js';
import type { ServerLists } from './views.js';
import type { ListKind } from './wire.js';

/** The change a refetched list of one kind makes. */
export const KIND_CHANGE: Record<ListKind, ListChange> = {
  tools: { tools: true, resources: false, prompts: false },
  resources: { tools: false, resources: true, prompts: false },
  resourceTemplates: { tools: false, resources: true, prompts: false },
  prompts: { tools: false, resources: false, prompts: true },
};

export const EVERYTHING: ListChange = { tools: true, resources: true, prompts: true };

export const sameList = (a: unknown[], b: unknown[]) => JSON.stringify(a) === JSON.stringify(b);

/** Which kinds differ between what was served (nothing: every kind) and what the server listed. */
export function changeBetween(before: ServerLists | undefined, next: ServerLists): ListChange {
  const differs = (kinds: ListKind[]) =>
    before === undefined || kinds.some((k) => !sameList(before[k], next[k]));
  return {
    tools: differs(['tools']),
    resources: differs(['resources', 'resourceTemplates']),
    prompts: differs(['prompts']),
  };
}

/** What the list cache keeps of a server: its lists and what its connection said of itself. */
export function cacheEntry(lists: ServerLists, conn: BackendConnection) {
  const capabilities = conn.client.getServerCapabilities();
  return {
    ...lists,
    ...(conn.serverInfo !== undefined ? { serverInfo: conn.serverInfo } : {}),
    ...(capabilities !== undefined ? { capabilities } : {}),
    ...(conn.instructions !== undefined ? { instructions: conn.instructions } : {}),
    ...(conn.protocolVersion !== undefined ? { protocolVersion: conn.protocolVersion } : {}),
  };
}
