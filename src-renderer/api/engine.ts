import { getContext } from '../../src-shared/api/context.js';
import * as routes from '../../src-shared/api/routes.js';
import { reviewTools } from '../../src-shared/api/trust.js';
import { type EngineEvent, EngineEventSchema } from '../../src-shared/events.js';
import { addCall, setCalls } from '../stores/calls.js';
import { useConnection } from '../stores/connection.js';
import { useContextReport } from '../stores/context.js';
import { addProblem, useProblems } from '../stores/problems.js';
import { applyStateEvent, removeServerLocal, setServerList } from '../stores/servers.js';
import { sessionClosed, sessionOpened, setSessions } from '../stores/sessions.js';
import { useSettings } from '../stores/settings.js';
import { setTools } from '../stores/tools.js';
import { setReview } from '../stores/trust.js';
import type { Bootstrap } from './bootstrap.js';
import { type ApiClient, ApiError, createApiClient, GatewayUnreachableError } from './client.js';
import { openSseStream } from './sse.js';

/**
 * The one link between the UI and the engine: the typed client for requests, and the event
 * stream that feeds the stores. After every (re)connect the snapshots are fetched again, so a
 * restarted engine or a missed event never leaves the screen stale.
 */
export interface EngineLink {
  api: ApiClient;
  desktop: Bootstrap['desktop'];
  /** Refetch these snapshots now (coalesced). */
  refresh(
    what: Array<'health' | 'servers' | 'tools' | 'calls' | 'sessions' | 'settings' | 'context' | 'trust'>,
  ): void;
  setToken(token: string): void;
  close(): void;
}

const RETRY_MIN = 500;
const RETRY_MAX = 5000;

export function createEngineLink(boot: Bootstrap): EngineLink {
  let token = boot.token;
  let closed = false;
  let abort: (() => void) | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = RETRY_MIN;
  let lastEventId: string | undefined;
  const pending = new Set<string>();
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  useConnection.setState({ apiBase: boot.apiBase, desktop: boot.desktop !== undefined });

  const makeClient = (): ApiClient =>
    createApiClient({
      apiBase: boot.apiBase,
      token,
      onUnauthorized: () =>
        useConnection.setState({ status: 'unauthorized', detail: 'The gateway refused the access token.' }),
    });
  let client = makeClient();
  // Views hold this object; it always forwards to the client for the current token.
  const api: ApiClient = {
    apiBase: boot.apiBase,
    call: ((...args: Parameters<ApiClient['call']>) => client.call(...args)) as ApiClient['call'],
    url: (route, input) => client.url(route, input),
    headers: () => client.headers(),
  };

  const load = async (what: string): Promise<void> => {
    const now = Date.now();
    switch (what) {
      case 'health': {
        const h = await api.call(routes.health);
        useConnection.setState({ health: h });
        useProblems.setState({ configProblem: h.configProblem });
        return;
      }
      case 'servers': {
        const r = await api.call(routes.listServers);
        setServerList(r.servers, now);
        return;
      }
      case 'tools': {
        const r = await api.call(routes.listTools, { query: { schema: true } });
        setTools(r.tools, r.totals);
        return;
      }
      case 'calls': {
        const r = await api.call(routes.recentCalls, { query: { limit: 500 } });
        setCalls(r.calls);
        return;
      }
      case 'sessions': {
        const r = await api.call(routes.listSessions);
        setSessions(r.sessions);
        return;
      }
      case 'context': {
        useContextReport.setState({ report: await api.call(getContext) });
        return;
      }
      case 'trust': {
        const r = await api.call(reviewTools, {});
        setReview(r.items, r.held);
        return;
      }
      case 'settings': {
        const r = await api.call(routes.getSettings);
        useSettings.setState({
          settings: r.settings,
          configFile: r.configFile,
          restartRequired: r.restartRequired,
          loaded: true,
        });
        return;
      }
      default:
        return;
    }
  };

  const flush = (): void => {
    refreshTimer = undefined;
    const what = [...pending];
    pending.clear();
    for (const w of what) {
      load(w).catch((err: unknown) => {
        if (err instanceof GatewayUnreachableError) {
          return; // the stream notices and reconnects
        }
        if ((w === 'context' || w === 'trust') && err instanceof ApiError && err.status === 404) {
          return; // an engine without the context report: the budgets page adds up the tool list instead
        }
        addProblem({
          id: `load-${w}-${Date.now()}`,
          at: Date.now(),
          kind: 'config',
          server: undefined,
          title: `Could not load ${w}`,
          detail: err instanceof Error ? err.message : String(err),
        });
      });
    }
  };

  const refresh: EngineLink['refresh'] = (what) => {
    for (const w of what) {
      pending.add(w);
    }
    // Bursts of events (a restart emits several) collapse into one fetch per snapshot.
    refreshTimer ??= setTimeout(flush, 120);
  };

  const onEvent = (e: EngineEvent): void => {
    switch (e.type) {
      case 'server.state':
        applyStateEvent(e);
        if (e.state === 'error' || e.state === 'restarting') {
          addProblem({
            id: `state-${e.server}-${e.at}`,
            at: e.at,
            kind: 'server',
            server: e.server,
            title:
              e.state === 'error'
                ? `${e.server} stopped after repeated failures`
                : `${e.server} crashed and is restarting`,
            detail: e.reason,
          });
        }
        // Tool counts, uptime and restarts come with the summary.
        refresh(['servers', 'health']);
        return;
      case 'server.added':
      case 'server.updated':
        refresh(['servers', 'tools', 'context', 'health']);
        return;
      case 'server.removed':
        removeServerLocal(e.server);
        refresh(['servers', 'tools', 'context', 'health']);
        return;
      case 'catalog.changed':
        refresh(['tools', 'servers', 'context', 'health']);
        return;
      case 'call.finished':
        addCall(e.call);
        if (!e.call.ok) {
          addProblem({
            id: `call-${e.call.id}`,
            at: e.call.at,
            kind: 'call',
            server: e.call.server,
            title: `Call to ${e.call.server} · ${e.call.tool} failed`,
            detail: e.call.error ?? 'no details',
          });
        }
        return;
      case 'config.reloaded':
        useProblems.setState({ configProblem: undefined });
        refresh(['servers', 'tools', 'settings', 'context', 'health']);
        return;
      case 'config.error': {
        const p = {
          message: e.message ?? 'the config file could not be read',
          line: e.line,
          column: e.column,
        };
        useProblems.setState({ configProblem: p });
        addProblem({
          id: `config-${e.at}`,
          at: e.at,
          kind: 'config',
          server: undefined,
          title: 'The config file has an error; the running config stays in force',
          detail: `${p.message}${p.line !== undefined ? ` (line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''})` : ''}`,
        });
        return;
      }
      case 'session.opened':
        sessionOpened(e.session);
        return;
      case 'session.closed':
        sessionClosed(e.session.id);
        return;
      case 'trust.changed':
        if (e.newlyHeld.length > 0) {
          addProblem({
            id: `trust-${e.server}-${e.at}`,
            at: e.at,
            kind: 'server',
            server: e.server,
            title: `${e.newlyHeld.length} tool(s) of ${e.server} held back for review`,
            detail: `${e.newlyHeld.join(', ')} changed, are new or were flagged; clients do not see them until you approve.`,
          });
        }
        refresh(['trust', 'tools', 'servers', 'context']);
        return;
      case 'gateway.paused':
      case 'gateway.resumed':
        refresh(['health']);
        return;
      case 'gateway.stopping':
        useConnection.setState({ status: 'offline', detail: 'The gateway is shutting down.' });
        return;
    }
  };

  const connect = (): void => {
    if (closed) {
      return;
    }
    if (token === undefined) {
      useConnection.setState({ status: 'no-token', detail: undefined });
      return;
    }
    abort = openSseStream({
      url: api.url(routes.events),
      headers: api.headers(),
      // The engine keeps its recent events: "0" replays them on first connect (so crashes from
      // before the window opened show in history), the last id resumes without a gap.
      lastEventId: lastEventId ?? '0',
      onOpen: () => {
        retryDelay = RETRY_MIN;
        useConnection.setState({ status: 'online', detail: undefined, retryAt: undefined, everOnline: true });
        refresh(['health', 'servers', 'tools', 'calls', 'sessions', 'settings', 'context', 'trust']);
      },
      onMessage: (m) => {
        if (m.id !== undefined) {
          lastEventId = m.id;
        }
        let data: unknown;
        try {
          data = JSON.parse(m.data);
        } catch {
          return;
        }
        const parsed = EngineEventSchema.safeParse(data);
        if (parsed.success) {
          onEvent(parsed.data);
        }
      },
      onClose: (e) => {
        abort = undefined;
        if (closed) {
          return;
        }
        if (e.status === 401) {
          useConnection.setState({ status: 'unauthorized', detail: 'The gateway refused the access token.' });
          return;
        }
        const retryAt = Date.now() + retryDelay;
        useConnection.setState({
          status: 'offline',
          detail:
            e.status !== undefined
              ? `The event stream answered ${e.status}.`
              : 'The gateway is not answering.',
          retryAt,
        });
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(RETRY_MAX, Math.round(retryDelay * 1.6));
      },
    });
  };

  connect();

  return {
    api,
    desktop: boot.desktop,
    refresh,
    setToken(t: string) {
      token = t;
      client = makeClient();
      abort?.();
      abort = undefined;
      if (retryTimer !== undefined) {
        clearTimeout(retryTimer);
      }
      useConnection.setState({ status: 'connecting', detail: undefined });
      connect();
    },
    close() {
      closed = true;
      abort?.();
      if (retryTimer !== undefined) {
        clearTimeout(retryTimer);
      }
      if (refreshTimer !== undefined) {
        clearTimeout(refreshTimer);
      }
    },
  };
}
