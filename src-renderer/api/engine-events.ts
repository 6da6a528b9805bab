import { type EngineEvent, EngineEventSchema } from '../../src-shared/events.js';
import { addCall } from '../stores/calls.js';
import { useConnection } from '../stores/connection.js';
import { addProblem, type Problem, useProblems } from '../stores/problems.js';
import { applyStateEvent, removeServerLocal } from '../stores/servers.js';
import { sessionClosed, sessionOpened } from '../stores/sessions.js';
import type { Snapshot } from './snapshots.js';

/** An event stream message's data as an engine event; anything else is ignored. */
export function parseEvent(data: string): EngineEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return undefined;
  }
  const parsed = EngineEventSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** The config file's problem as the banner shows it. */
export function configProblemOf(e: { message?: string; line?: number; column?: number }): {
  message: string;
  line?: number;
  column?: number;
} {
  return { message: e.message ?? 'the config file could not be read', line: e.line, column: e.column };
}

/** The problem an event adds to the list, if any. */
export function eventProblem(e: EngineEvent): Problem | undefined {
  switch (e.type) {
    case 'server.state':
      if (e.state !== 'error' && e.state !== 'restarting') {
        return undefined;
      }
      return {
        id: `state-${e.server}-${e.at}`,
        at: e.at,
        kind: 'server',
        server: e.server,
        title:
          e.state === 'error'
            ? `${e.server} stopped after repeated failures`
            : `${e.server} crashed and is restarting`,
        detail: e.reason,
      };
    case 'call.finished':
      return e.call.ok
        ? undefined
        : {
            id: `call-${e.call.id}`,
            at: e.call.at,
            kind: 'call',
            server: e.call.server,
            title: `Call to ${e.call.server} · ${e.call.tool} failed`,
            detail: e.call.error ?? 'no details',
          };
    case 'config.error': {
      const p = configProblemOf(e);
      const col = p.column !== undefined ? `, column ${p.column}` : '';
      return {
        id: `config-${e.at}`,
        at: e.at,
        kind: 'config',
        server: undefined,
        title: 'The config file has an error; the running config stays in force',
        detail: `${p.message}${p.line !== undefined ? ` (line ${p.line}${col})` : ''}`,
      };
    }
    case 'trust.changed':
      return e.newlyHeld.length === 0
        ? undefined
        : {
            id: `trust-${e.server}-${e.at}`,
            at: e.at,
            kind: 'server',
            server: e.server,
            title: `${e.newlyHeld.length} tool(s) of ${e.server} held back for review`,
            detail: `${e.newlyHeld.join(', ')} changed, are new or were flagged; clients do not see them until you approve.`,
          };
    default:
      return undefined;
  }
}

/** The snapshots an event makes stale. */
export function eventRefreshes(e: EngineEvent): Snapshot[] {
  switch (e.type) {
    case 'server.state':
      // Tool counts, uptime and restarts come with the summary.
      return ['servers', 'health'];
    case 'server.added':
    case 'server.updated':
    case 'server.removed':
      return ['servers', 'tools', 'context', 'health'];
    case 'catalog.changed':
      return ['tools', 'servers', 'context', 'health'];
    case 'config.reloaded':
      return ['servers', 'tools', 'settings', 'context', 'health'];
    case 'trust.changed':
      return ['trust', 'tools', 'servers', 'context'];
    case 'gateway.paused':
    case 'gateway.resumed':
      return ['health'];
    default:
      return [];
  }
}

/** The store updates an event carries in itself (the rest is refetched). */
function applyToStores(e: EngineEvent): void {
  switch (e.type) {
    case 'server.state':
      applyStateEvent(e);
      return;
    case 'server.removed':
      removeServerLocal(e.server);
      return;
    case 'call.finished':
      addCall(e.call);
      return;
    case 'config.reloaded':
      useProblems.setState({ configProblem: undefined });
      return;
    case 'config.error':
      useProblems.setState({ configProblem: configProblemOf(e) });
      return;
    case 'session.opened':
      sessionOpened(e.session);
      return;
    case 'session.closed':
      sessionClosed(e.session.id);
      return;
    case 'gateway.stopping':
      useConnection.setState({ status: 'offline', detail: 'The gateway is shutting down.' });
      return;
    default:
      return;
  }
}

/** Apply one engine event: the stores it updates, the problem it reports, the snapshots it makes stale. */
export function applyEvent(e: EngineEvent, refresh: (what: Snapshot[]) => void): void {
  applyToStores(e);
  const problem = eventProblem(e);
  if (problem !== undefined) {
    addProblem(problem);
  }
  const stale = eventRefreshes(e);
  if (stale.length > 0) {
    refresh(stale);
  }
}
