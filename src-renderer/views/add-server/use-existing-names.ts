import { useShallow } from 'zustand/react/shallow';

import { useServers } from '../../stores/servers.js';

/** The names of the servers the gateway has, to keep a new one from taking one of them. */
export function useExistingNames(): string[] {
  return useServers(useShallow((s) => Object.keys(s.byName)));
}
