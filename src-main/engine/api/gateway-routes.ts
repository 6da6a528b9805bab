import { redactConfig } from '../../../src-shared/redact.js';
import { countStates, summariseHealth } from '../../../src-shared/states.js';
import type { EngineContext } from '../types.js';
import type { CoreDeps, CoreHandlers } from './core-handlers.js';
import { pendingRestart, updateSettings } from './settings-edits.js';
import { lastEventId } from './sse.js';

type GatewayRoutes =
  | 'health'
  | 'events'
  | 'calls.list'
  | 'sessions.list'
  | 'settings.get'
  | 'settings.update'
  | 'metrics'
  | 'config.export'
  | 'openapi';

function health(ctx: EngineContext) {
  const states = ctx.supervisor.list().map((s) => s.state);
  const problem = ctx.config.problem();
  return {
    ok: true as const,
    version: ctx.version,
    startedAt: ctx.startedAt,
    uptimeMs: ctx.clock.now() - ctx.startedAt,
    health: summariseHealth(states),
    states: countStates(states),
    servers: Object.keys(ctx.config.current().mcpServers).length,
    tools: ctx.catalog.tools().filter((t) => t.visible).length,
    sessions: ctx.sessions.list().length,
    configFile: ctx.config.path,
    ...(problem ? { configProblem: problem } : {}),
  };
}

/** The gateway-wide routes: health, events, recent calls, sessions, settings, metrics, export. */
export function gatewayHandlers(deps: CoreDeps): Pick<CoreHandlers, GatewayRoutes> {
  const settings = (ctx: EngineContext) => {
    const now = ctx.config.current().gateway;
    return {
      settings: now,
      configFile: ctx.config.path,
      restartRequired: pendingRestart(deps.startedSettings, now),
    };
  };
  return {
    health: ({ ctx }) => health(ctx),
    events: ({ req, send, open }) => {
      const stream = open();
      const after = lastEventId(req);
      if (after !== undefined) {
        for (const { seq, event } of deps.replay.since(after)) {
          send(event.type, event, seq);
        }
      }
      const sub = deps.replay.subscribe((seq, event) => send(event.type, event, seq));
      stream.onClose(() => sub.dispose());
    },
    'calls.list': ({ ctx, input }) => {
      const { limit = 100, client, profile } = input.query;
      if (client === undefined && profile === undefined) {
        return { calls: ctx.catalog.recentCalls(limit) };
      }
      // The ring keeps the last 500 calls; a filter looks through all of them.
      const calls = ctx.catalog
        .recentCalls()
        .filter(
          (c) =>
            (client === undefined || c.client === client) && (profile === undefined || c.profile === profile),
        )
        .slice(-limit);
      return { calls };
    },
    'sessions.list': ({ ctx }) => ({ sessions: ctx.sessions.list() }),
    'settings.get': ({ ctx }) => settings(ctx),
    'settings.update': async ({ ctx, input }) => {
      await updateSettings(ctx, input.body);
      return settings(ctx);
    },
    metrics: () => deps.metrics.snapshot(),
    'config.export': ({ ctx }) => ({
      configFile: ctx.config.path,
      config: redactConfig(ctx.config.current()),
    }),
    openapi: () => deps.openapi(),
  };
}
