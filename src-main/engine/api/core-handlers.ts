import { type CORE_ROUTES } from '../../../src-shared/api/routes.js';
import {
  REDACTED,
  RESTART_SETTINGS,
  type ServerDetail,
  type ServerSummary,
  type ToolSummary,
} from '../../../src-shared/api/schemas.js';
import {
  type GatewaySettings,
  GatewaySettingsSchema,
  pendingApproval,
  SERVER_NAME_PATTERN,
  type ServerConfig,
  ServerConfigSchema,
  serverReferences,
  transportOf,
} from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import type { LogLine } from '../../../src-shared/events.js';
import { redactArgs, redactConfig, redactServerConfig, redactUrl } from '../../../src-shared/redact.js';
import { countStates, summariseHealth } from '../../../src-shared/states.js';
import type { CatalogTool, EngineContext } from '../types.js';
import { validationError } from './errors.js';
import type { EventReplay } from './event-replay.js';
import type { GatewayMetrics } from './metrics.js';
import type { RouteHandlers } from './register.js';
import { lastEventId } from './sse.js';

/** Handlers of the core routes (src-shared/api/routes.ts). */

function notFound(name: string): GatewayError {
  return new GatewayError(
    'SERVER_NOT_FOUND',
    `server '${name}' not found: \`mcp-gateway servers list\` shows the configured ones`,
  );
}

function serverConfig(ctx: EngineContext, name: string): ServerConfig {
  const s = ctx.config.current().mcpServers[name];
  if (s === undefined) {
    throw notFound(name);
  }
  return s;
}

function toolsOf(ctx: EngineContext): Map<string, CatalogTool[]> {
  const by = new Map<string, CatalogTool[]>();
  for (const t of ctx.catalog.tools()) {
    const list = by.get(t.server);
    if (list) {
      list.push(t);
    } else {
      by.set(t.server, [t]);
    }
  }
  return by;
}

function summarise(
  ctx: EngineContext,
  name: string,
  cfg: ServerConfig,
  tools: CatalogTool[] = [],
): ServerSummary {
  const st = ctx.supervisor.get(name);
  const now = ctx.clock.now();
  const visible = tools.filter((t) => t.visible);
  const out: ServerSummary = {
    name,
    state: st?.state ?? (cfg.disabled ? 'disabled' : 'stopped'),
    reason: st?.reason ?? (cfg.disabled ? 'disabled in the config' : 'not started yet'),
    transport: st?.transport ?? transportOf(cfg),
    disabled: cfg.disabled === true,
    restarts: st?.restarts ?? 0,
    failures: st?.failures ?? 0,
    tools: tools.length,
    visibleTools: visible.length,
    tokens: visible.reduce((n, t) => n + t.tokens, 0),
  };
  if (cfg.description !== undefined) {
    out.description = cfg.description;
  }
  if (cfg.origin !== undefined) {
    const o = cfg.origin;
    out.origin = {
      client: o.client,
      scope: o.scope,
      ...(o.file !== undefined ? { file: o.file } : {}),
      ...(o.project !== undefined ? { project: o.project } : {}),
      approved: o.approved === true,
    };
  }
  const pending = pendingApproval(name, cfg);
  if (pending !== undefined) {
    out.approval = {
      project: pending.project,
      variables: pending.variables,
      unapproved: pending.unapproved,
      reason: pending.reason,
    };
  }
  const signIn = ctx.oauth?.status(name, cfg);
  if (signIn !== undefined) {
    out.signIn = signIn;
  }
  if (st) {
    out.since = st.since;
    if (st.startedAt !== undefined && (st.state === 'running' || st.state === 'degraded')) {
      out.uptimeMs = Math.max(0, now - st.startedAt);
    }
    if (st.lastError !== undefined) {
      out.lastError = st.lastError;
    }
    if (st.canAllow !== undefined && st.canAllow.length > 0) {
      out.canAllow = [...st.canAllow];
    }
    if (st.pid !== undefined) {
      out.pid = st.pid;
    }
    if (st.era !== undefined) {
      out.era = st.era;
    }
    if (st.protocolVersion !== undefined) {
      out.protocolVersion = st.protocolVersion;
    }
    if (st.serverInfo !== undefined) {
      out.serverName = st.serverInfo.name;
      out.serverVersion = st.serverInfo.version;
    }
    if (st.nextAttemptAt !== undefined) {
      out.nextAttemptAt = st.nextAttemptAt;
    }
    if (st.protocolWarnings !== undefined && st.protocolWarnings.length > 0) {
      out.protocolWarnings = [...st.protocolWarnings];
    }
    out.sleepAfterMs = st.sleepAfterMs;
    if (st.idleSince !== undefined) {
      out.idleSince = st.idleSince;
    }
    out.sleepBlockers = st.sleepBlockers;
    if (st.footprintBytes !== undefined) {
      out.footprintBytes = st.footprintBytes;
    }
  }
  return out;
}

function detail(ctx: EngineContext, name: string): ServerDetail {
  const cfg = serverConfig(ctx, name);
  return { ...summarise(ctx, name, cfg, toolsOf(ctx).get(name)), config: redactServerConfig(cfg) };
}

function toolView(t: CatalogTool, disabled: ReadonlySet<string>, withSchema: boolean): ToolSummary {
  const out: ToolSummary = {
    id: t.id,
    server: t.server,
    name: t.name,
    tokens: t.tokens,
    visible: t.visible,
    enabled: !disabled.has(t.name),
  };
  if (t.definition.title !== undefined) {
    out.title = t.definition.title;
  }
  if (t.definition.description !== undefined) {
    out.description = t.definition.description;
  }
  if (t.hiddenReason !== undefined) {
    out.hiddenReason = t.hiddenReason;
  }
  if (withSchema) {
    out.inputSchema = t.definition.inputSchema as Record<string, unknown>;
  }
  return out;
}

/** Apply a patch object to a target: `null` deletes, plain objects merge when `deep`. */
function applyPatch(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
  deep: ReadonlySet<string>,
): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete target[k];
    } else if (deep.has(k) && typeof v === 'object' && !Array.isArray(v)) {
      const inner = (typeof target[k] === 'object' && target[k] !== null ? target[k] : {}) as Record<
        string,
        unknown
      >;
      // `search.embeddings` merges too, so `{ search: { embeddings: { enabled: false } } }` keeps the URL.
      applyPatch(inner, v as Record<string, unknown>, new Set(k === 'search' ? ['embeddings'] : []));
      target[k] = inner;
    } else {
      target[k] = v;
    }
  }
}

/** A URL or args sent back as they were shown (with `[redacted]` parts) keep what is stored. */
function keepRedactedText(key: 'url' | 'args', next: unknown, stored: ServerConfig): unknown {
  if (key === 'url') {
    return typeof next === 'string' && stored.url !== undefined && next === redactUrl(stored.url)
      ? stored.url
      : next;
  }
  if (!Array.isArray(next) || stored.args === undefined) {
    return next;
  }
  const shown = redactArgs(stored.args);
  const used = new Set<number>();
  return next.map((a: unknown) => {
    if (typeof a !== 'string' || !a.includes(REDACTED)) {
      return a;
    }
    const i = shown.findIndex((s, j) => s === a && !used.has(j));
    if (i === -1) {
      return a;
    }
    used.add(i);
    return stored.args?.[i] ?? a;
  });
}

/** env/headers sent back with `[redacted]` values keep what is stored. */
function keepRedacted(next: unknown, stored: Record<string, string> | undefined): unknown {
  if (next === null || typeof next !== 'object' || Array.isArray(next)) {
    return next;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    out[k] = v === REDACTED && stored?.[k] !== undefined ? stored[k] : v;
  }
  return out;
}

async function setServerDisabled(
  ctx: EngineContext,
  name: string,
  disabled: boolean,
): Promise<ServerSummary> {
  await ctx.config.update((draft) => {
    const s = draft.mcpServers[name];
    if (s === undefined) {
      throw notFound(name);
    }
    if (disabled) {
      s.disabled = true;
    } else {
      delete s.disabled;
    }
  });
  const cfg = serverConfig(ctx, name);
  return summarise(ctx, name, cfg, toolsOf(ctx).get(name));
}

async function setToolDisabled(ctx: EngineContext, server: string, tool: string, disabled: boolean) {
  const cfg = serverConfig(ctx, server);
  const known = ctx.catalog.tools().some((t) => t.server === server && t.name === tool);
  const listed = cfg.tools?.disabled?.includes(tool) === true;
  // Tools of a server that is not running cannot be checked; allow switching them off ahead of time.
  const live = ctx.supervisor.connection(server) !== undefined;
  if (!known && !listed && live) {
    throw new GatewayError(
      'TOOL_NOT_FOUND',
      `server '${server}' has no tool '${tool}': \`mcp-gateway tools list --server ${server}\` shows its tools`,
    );
  }
  await ctx.config.update((draft) => {
    const s = draft.mcpServers[server];
    if (s === undefined) {
      throw notFound(server);
    }
    const tools = (s.tools ??= {});
    const list = new Set(tools.disabled ?? []);
    if (disabled) {
      list.add(tool);
    } else {
      list.delete(tool);
    }
    if (list.size === 0) {
      delete tools.disabled;
    } else {
      tools.disabled = [...list];
    }
    if (Object.keys(tools).length === 0) {
      delete s.tools;
    }
  });
  return { server, tool, enabled: !disabled };
}

export interface CoreDeps {
  /** The gateway settings the running gateway started with (to tell which changes wait for a restart). */
  startedSettings: GatewaySettings;
  metrics: GatewayMetrics;
  replay: EventReplay;
  openapi: () => Record<string, unknown>;
}

export function coreHandlers(deps: CoreDeps): RouteHandlers<typeof CORE_ROUTES> {
  /** Settings changed in the config since the gateway started that only a restart applies. */
  const pendingRestart = (now: GatewaySettings) =>
    RESTART_SETTINGS.filter((k) => JSON.stringify(deps.startedSettings[k]) !== JSON.stringify(now[k])).map(
      (k) => `gateway.${k}`,
    );
  return {
    health: ({ ctx }) => {
      const statuses = ctx.supervisor.list();
      const states = statuses.map((s) => s.state);
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
    },

    'servers.list': ({ ctx }) => {
      const tools = toolsOf(ctx);
      const servers = Object.entries(ctx.config.current().mcpServers)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, cfg]) => summarise(ctx, name, cfg, tools.get(name)));
      return { servers };
    },

    'servers.get': ({ ctx, input }) => detail(ctx, input.params.name),

    'servers.add': async ({ ctx, input }) => {
      const { name, config } = input.body;
      if (!SERVER_NAME_PATTERN.test(name)) {
        throw new GatewayError(
          'VALIDATION_FAILED',
          `name: "${name}" is not a valid server name — use letters, digits, "-", "_" and "." (start with a letter or digit, at most 48 characters)`,
          { field: 'name' },
        );
      }
      await ctx.config.update((draft) => {
        if (draft.mcpServers[name] !== undefined) {
          throw new GatewayError(
            'SERVER_EXISTS',
            `a server named '${name}' already exists: pick another name or change it with \`mcp-gateway servers\`/PATCH`,
          );
        }
        draft.mcpServers[name] = config;
      });
      return detail(ctx, name);
    },

    'servers.update': async ({ ctx, input }) => {
      const { name } = input.params;
      const stored = serverConfig(ctx, name);
      const patch = { ...input.body };
      for (const key of ['env', 'headers'] as const) {
        if (key in patch) {
          patch[key] = keepRedacted(patch[key], stored[key]);
        }
      }
      for (const key of ['url', 'args'] as const) {
        if (key in patch) {
          patch[key] = keepRedactedText(key, patch[key], stored) as never;
        }
      }
      await ctx.config.update((draft) => {
        const s = draft.mcpServers[name];
        if (s === undefined) {
          throw notFound(name);
        }
        const next = { ...s } as Record<string, unknown>;
        applyPatch(next, patch, new Set(['tools']));
        const checked = ServerConfigSchema.safeParse(next);
        if (!checked.success) {
          throw validationError(checked.error, ['mcpServers', name]);
        }
        draft.mcpServers[name] = next as ServerConfig;
      });
      return detail(ctx, name);
    },

    'servers.remove': async ({ ctx, input }) => {
      const { name } = input.params;
      await ctx.config.update((draft) => {
        if (draft.mcpServers[name] === undefined) {
          throw notFound(name);
        }
        delete draft.mcpServers[name];
      });
      return { ok: true as const, message: `server '${name}' removed` };
    },

    'servers.enable': ({ ctx, input }) => setServerDisabled(ctx, input.params.name, false),
    'servers.disable': ({ ctx, input }) => setServerDisabled(ctx, input.params.name, true),

    'servers.restart': async ({ ctx, input }) => {
      const { name } = input.params;
      const cfg = serverConfig(ctx, name);
      if (cfg.disabled) {
        throw new GatewayError('SERVER_DISABLED', `server '${name}' is disabled: enable it to start it`);
      }
      await ctx.supervisor.restart(name, 'restarted through the API');
      return summarise(ctx, name, cfg, toolsOf(ctx).get(name));
    },

    'servers.wake': async ({ ctx, input }) => {
      const { name } = input.params;
      const cfg = serverConfig(ctx, name);
      if (cfg.disabled) {
        throw new GatewayError('SERVER_DISABLED', `server '${name}' is disabled: enable it to start it`);
      }
      const state = ctx.supervisor.get(name)?.state;
      if (state === 'sleeping' || state === 'starting') {
        await ctx.supervisor.wake(name, 'woken through the API');
      } else if (state !== 'running' && state !== 'degraded') {
        throw new GatewayError(
          'SERVER_NOT_RUNNING',
          `server '${name}' is ${state ?? 'not started'}, not sleeping: restart it instead (mcp-gateway servers restart ${name})`,
        );
      }
      return summarise(ctx, name, cfg, toolsOf(ctx).get(name));
    },

    'servers.sleep': async ({ ctx, input }) => {
      const { name } = input.params;
      const cfg = serverConfig(ctx, name);
      await ctx.supervisor.sleep(name, 'put to sleep through the API');
      return summarise(ctx, name, cfg, toolsOf(ctx).get(name));
    },

    'servers.allow': async ({ ctx, input }) => {
      const { name } = input.params;
      serverConfig(ctx, name);
      await ctx.config.update((draft) => {
        const s = draft.mcpServers[name];
        if (s === undefined) {
          throw notFound(name);
        }
        const have = (s.allow ?? []) as string[];
        const added = input.body.keys.filter((k) => !have.some((h) => h.toUpperCase() === k.toUpperCase()));
        if (added.length > 0) {
          s.allow = [...have, ...added];
        }
      });
      // An edited entry restarts by itself; one that did not change (already allowed) is retried.
      const st = ctx.supervisor.get(name);
      if (st !== undefined && (st.state === 'error' || st.state === 'restarting')) {
        await ctx.supervisor.resetCircuit(name).catch(() => undefined);
      }
      return summarise(ctx, name, serverConfig(ctx, name), toolsOf(ctx).get(name));
    },

    'servers.approve': async ({ ctx, input }) => {
      const { name } = input.params;
      const cfg = serverConfig(ctx, name);
      if (cfg.origin === undefined) {
        throw new GatewayError(
          'BAD_REQUEST',
          `server '${name}' was added in the gateway itself, not imported from a client's file: there is nothing to approve`,
        );
      }
      const seen = input.body.variables;
      await ctx.config.update((draft) => {
        const s = draft.mcpServers[name];
        if (s === undefined || s.origin === undefined) {
          throw notFound(name);
        }
        const wants = serverReferences(s as ServerConfig);
        const unseen = seen === undefined ? [] : wants.filter((v) => !seen.includes(v));
        if (unseen.length > 0) {
          throw new GatewayError(
            'CONFIG_INVALID',
            `server '${name}' changed since you looked: it now also wants ${unseen.map((v) => '${' + v + '}').join(', ')} — look at it again, then approve`,
          );
        }
        s.origin = { ...s.origin, approved: true, variables: wants };
      });
      return summarise(ctx, name, serverConfig(ctx, name), toolsOf(ctx).get(name));
    },

    'servers.resetCircuit': async ({ ctx, input }) => {
      const { name } = input.params;
      const cfg = serverConfig(ctx, name);
      if (cfg.disabled) {
        throw new GatewayError('SERVER_DISABLED', `server '${name}' is disabled: enable it to start it`);
      }
      await ctx.supervisor.resetCircuit(name);
      return summarise(ctx, name, cfg, toolsOf(ctx).get(name));
    },

    'servers.logs': ({ ctx, input }) => {
      const { name } = input.params;
      serverConfig(ctx, name);
      const ring = ctx.supervisor.logs(name);
      const lines = ring?.recent(input.query.limit ?? 200, input.query.after) ?? [];
      return { server: name, lines };
    },

    'servers.logStream': ({ ctx, input, req, open, send }) => {
      const { name } = input.params;
      serverConfig(ctx, name);
      const ring = ctx.supervisor.logs(name);
      const stream = open();
      if (ring === undefined) {
        return;
      }
      const after = lastEventId(req) ?? input.query.after;
      // Subscribe before reading the backlog so no line falls between the two; dedupe by seq.
      let last = after ?? -1;
      const pending: LogLine[] = [];
      let live = false;
      const emit = (l: LogLine) => {
        if (l.seq > last) {
          last = l.seq;
          send('log', l, l.seq);
        }
      };
      const sub = ring.subscribe((l) => (live ? emit(l) : pending.push(l)));
      stream.onClose(() => sub.dispose());
      const backlog =
        after === undefined ? ring.recent(input.query.limit ?? 100) : ring.recent(undefined, after);
      for (const l of backlog) {
        emit(l);
      }
      for (const l of pending.splice(0)) {
        emit(l);
      }
      live = true;
    },

    'tools.list': ({ ctx, input }) => {
      const servers = ctx.config.current().mcpServers;
      const { server, visible, schema } = input.query;
      if (server !== undefined && servers[server] === undefined) {
        throw notFound(server);
      }
      const all = ctx.catalog.tools();
      const disabledBy = new Map<string, Set<string>>();
      const tools = all
        .filter(
          (t) =>
            (server === undefined || t.server === server) && (visible === undefined || t.visible === visible),
        )
        .map((t) => {
          let d = disabledBy.get(t.server);
          if (d === undefined) {
            d = new Set(servers[t.server]?.tools?.disabled ?? []);
            disabledBy.set(t.server, d);
          }
          return toolView(t, d, schema === true);
        });
      const shown = tools.filter((t) => t.visible);
      return {
        tools,
        totals: {
          tools: tools.length,
          visible: shown.length,
          tokens: tools.reduce((n, t) => n + t.tokens, 0),
          visibleTokens: shown.reduce((n, t) => n + t.tokens, 0),
        },
      };
    },

    'tools.enable': ({ ctx, input }) => setToolDisabled(ctx, input.params.server, input.params.tool, false),
    'tools.disable': ({ ctx, input }) => setToolDisabled(ctx, input.params.server, input.params.tool, true),

    'tools.call': async ({ ctx, input, signal }) => {
      const { id, server, tool } = input.body;
      let target: { id: string } | { server: string; name: string };
      if (id !== undefined) {
        target = { id };
      } else if (server !== undefined && tool !== undefined) {
        serverConfig(ctx, server);
        target = { server, name: tool };
      } else {
        throw new GatewayError(
          'VALIDATION_FAILED',
          'say which tool to call: "id" (e.g. "memory__read_graph") or "server" and "tool"',
          {
            field: 'id',
          },
        );
      }
      const started = ctx.clock.now();
      const result = await ctx.catalog.callTool(target, input.body.arguments, { client: 'api', signal });
      const known = 'id' in target ? ctx.catalog.tools().find((t) => t.id === target.id) : undefined;
      return {
        ...('server' in target ? { server: target.server, tool: target.name } : {}),
        ...(known ? { server: known.server, tool: known.name } : {}),
        durationMs: ctx.clock.now() - started,
        isError: result.isError === true,
        result,
      };
    },

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

    'settings.get': ({ ctx }) => ({
      settings: ctx.config.current().gateway,
      configFile: ctx.config.path,
      restartRequired: pendingRestart(ctx.config.current().gateway),
    }),

    'settings.update': async ({ ctx, input }) => {
      const patch = input.body;
      const unknownTop = Object.keys(patch).filter((k) => !(k in GatewaySettingsSchema.shape));
      if (unknownTop.length > 0) {
        throw new GatewayError(
          'VALIDATION_FAILED',
          `gateway.${unknownTop[0]}: unknown setting — known ones are ${Object.keys(GatewaySettingsSchema.shape).join(', ')}`,
          { field: `gateway.${unknownTop[0]}` },
        );
      }
      await ctx.config.update((draft) => {
        const next = structuredClone(draft.gateway);
        applyPatch(next, patch, new Set(['limits', 'supervisor', 'search']));
        const checked = GatewaySettingsSchema.safeParse(next);
        if (!checked.success) {
          throw validationError(checked.error, ['gateway']);
        }
        draft.gateway = next;
      });
      const after = ctx.config.current().gateway;
      return { settings: after, configFile: ctx.config.path, restartRequired: pendingRestart(after) };
    },

    metrics: () => deps.metrics.snapshot(),

    'config.export': ({ ctx }) => ({
      configFile: ctx.config.path,
      config: redactConfig(ctx.config.current()),
    }),

    openapi: () => deps.openapi(),
  };
}
