import type { Client } from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { BackendConnection, Logger, SupervisorApi } from '../types.js';
import type { InputChannel } from './client-requests.js';

/** A frontend session as the catalog sees it, for routing notifications and dedicated backends. */
export interface SessionPeer {
  readonly id: string;
  readonly clientName: string;
  /** Session-level channel for server→client requests not tied to one call (GET stream). */
  readonly input?: InputChannel;
  /** Send a notification to this session only (resources/updated, elicitation/complete). */
  notify(method: string, params: Record<string, unknown>): void;
}

/**
 * The frontend sessions the catalog knows, and the backends opened for one session alone
 * (`"isolation": "per-session"`): opened on the session's first request to such a server,
 * closed when the session ends.
 */
export interface Sessions {
  /** Register a session. Returns whether it was still the registered one when it ends. */
  attach(peer: SessionPeer): { detach(): boolean };
  peer(sessionId: string): SessionPeer | undefined;
  /** The session a backend Client was opened for, if it is a per-session one. */
  sessionOf(client: Client): string | undefined;
  /** Note that `client` serves `sessionId` alone (called while it is being prepared). */
  dedicate(client: Client, sessionId: string): void;
  /**
   * The session's own connection to `server`, opened once however many ask. Undefined when the
   * session is not attached (an API call, or a request racing the session's end).
   */
  open(server: string, sessionId: string): Promise<BackendConnection> | undefined;
  /** The session's roots changed: tell its backends. */
  rootsChanged(sessionId: string): void;
  /** Close every backend of one session (it ended). */
  closeBackends(sessionId: string): void;
  /** Close every per-session backend and forget every session. */
  close(): Promise<void>;
}

export function createSessions(deps: { supervisor: SupervisorApi; logger: Logger }): Sessions {
  const sessions = new Map<string, SessionPeer>();
  const dedicatedOf = new Map<Client, string>();
  /** `${server}\0${session}` → its connection. */
  const dedicated = new Map<string, Promise<BackendConnection>>();

  function ofSession(sessionId: string): [string, Promise<BackendConnection>][] {
    return [...dedicated].filter(([key]) => key.endsWith(`\0${sessionId}`));
  }

  return {
    attach(peer) {
      sessions.set(peer.id, peer);
      return {
        detach() {
          if (sessions.get(peer.id) !== peer) {
            return false;
          }
          sessions.delete(peer.id);
          return true;
        },
      };
    },
    peer: (sessionId) => sessions.get(sessionId),
    sessionOf: (client) => dedicatedOf.get(client),
    dedicate(client, sessionId) {
      dedicatedOf.set(client, sessionId);
    },
    open(server, sessionId) {
      if (!sessions.has(sessionId)) {
        return undefined;
      }
      const key = `${server}\0${sessionId}`;
      let p = dedicated.get(key);
      if (p === undefined) {
        const opening = deps.supervisor.openDedicated(server, sessionId);
        p = opening;
        dedicated.set(key, opening);
        opening.then(
          (c) =>
            void c.closed.then(() => {
              if (dedicated.get(key) === opening) {
                dedicated.delete(key);
              }
            }),
          () => dedicated.delete(key),
        );
      }
      return p;
    },
    rootsChanged(sessionId) {
      for (const [, p] of ofSession(sessionId)) {
        p.then((c) => c.client.sendRootsListChanged()).catch(() => undefined);
      }
    },
    closeBackends(sessionId) {
      for (const [key, p] of ofSession(sessionId)) {
        dedicated.delete(key);
        p.then(
          (c) => {
            dedicatedOf.delete(c.client);
            return c.close();
          },
          () => undefined,
        ).catch((err: unknown) =>
          deps.logger.warn('closing a per-session backend failed', { err: errorText(err) }),
        );
      }
    },
    async close() {
      const pending = [...dedicated.values()];
      dedicated.clear();
      sessions.clear();
      await Promise.all(pending.map((p) => p.then((c) => c.close()).catch(() => undefined)));
    },
  };
}
