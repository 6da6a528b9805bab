import type { Disposable } from '../types.js';

/**
 * Which client sessions hold which resource subscription, per server and URI. While a URI has
 * a subscriber its server is kept awake (one hold per server and URI).
 */
export interface Subscribers {
  /** Add a subscriber; says whether it is the URI's first. */
  add(server: string, uri: string, sessionId: string): boolean;
  /** Remove a subscriber; with the last one the URI's hold on its server goes too. */
  remove(server: string, uri: string, sessionId: string): { removed: boolean; last: boolean };
  /** Remove a session everywhere; returns the subscriptions it was the last subscriber of. */
  dropSession(sessionId: string): { server: string; uri: string }[];
  sessions(server: string, uri: string): ReadonlySet<string> | undefined;
  /** The URIs a server's clients hold, sorted. */
  urisOf(server: string): string[];
  /** Release every hold (the subscriptions themselves end with their connections). */
  close(): void;
}

export function createSubscribers(preventSleep: (server: string) => Disposable): Subscribers {
  /** `${server}\0${uri}` → the sessions subscribed. */
  const byKey = new Map<string, Set<string>>();
  const awakeHolds = new Map<string, Disposable>();
  const keyOf = (server: string, uri: string) => `${server}\0${uri}`;
  const split = (key: string) => key.split('\0') as [string, string];

  function removeKey(key: string, sessionId: string): { removed: boolean; last: boolean } {
    const set = byKey.get(key);
    if (set === undefined || !set.delete(sessionId)) {
      return { removed: false, last: false };
    }
    if (set.size > 0) {
      return { removed: true, last: false };
    }
    byKey.delete(key);
    awakeHolds.get(key)?.dispose();
    awakeHolds.delete(key);
    return { removed: true, last: true };
  }

  return {
    add(server, uri, sessionId) {
      const key = keyOf(server, uri);
      let set = byKey.get(key);
      const first = set === undefined || set.size === 0;
      if (set === undefined) {
        set = new Set();
        byKey.set(key, set);
      }
      set.add(sessionId);
      if (!awakeHolds.has(key)) {
        awakeHolds.set(key, preventSleep(server));
      }
      return first;
    },
    remove: (server, uri, sessionId) => removeKey(keyOf(server, uri), sessionId),
    dropSession(sessionId) {
      const ended: { server: string; uri: string }[] = [];
      for (const key of [...byKey.keys()]) {
        if (removeKey(key, sessionId).last) {
          const [server, uri] = split(key);
          ended.push({ server, uri });
        }
      }
      return ended;
    },
    sessions: (server, uri) => byKey.get(keyOf(server, uri)),
    urisOf(server) {
      const out: string[] = [];
      for (const key of byKey.keys()) {
        const [s, uri] = split(key);
        if (s === server) {
          out.push(uri);
        }
      }
      return out.sort();
    },
    close() {
      for (const hold of awakeHolds.values()) {
        hold.dispose();
      }
      awakeHolds.clear();
    },
  };
}
