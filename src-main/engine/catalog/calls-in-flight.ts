import type { Client } from '@modelcontextprotocol/client';

import type { CallInFlight } from './client-requests.js';

/**
 * The backend calls in flight, by the Client they go over: server→client routing matches a
 * backend's request to one of them, and the count says how busy a server is.
 */
export interface CallsInFlight {
  /** A call starts on `client`; the returned function ends it. */
  enter(client: Client, call: CallInFlight): () => void;
  on(client: Client): ReadonlySet<CallInFlight> | undefined;
  /** How many, on one server or on all. */
  count(server?: string): number;
}

export function createCallsInFlight(): CallsInFlight {
  const byClient = new Map<Client, Set<CallInFlight>>();
  return {
    enter(client, call) {
      let set = byClient.get(client);
      if (set === undefined) {
        set = new Set();
        byClient.set(client, set);
      }
      set.add(call);
      const calls = set;
      return () => {
        calls.delete(call);
        if (calls.size === 0 && byClient.get(client) === calls) {
          byClient.delete(client);
        }
      };
    },
    on: (client) => byClient.get(client),
    count(server) {
      let n = 0;
      for (const set of byClient.values()) {
        for (const f of set) {
          if (server === undefined || f.server === server) {
            n += 1;
          }
        }
      }
      return n;
    },
  };
}
