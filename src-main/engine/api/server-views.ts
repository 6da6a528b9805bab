import type { ServerDetail, ServerSummary } from '../../../src-shared/api/schemas.js';
import { pendingApproval, type ServerConfig, transportOf } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { redactServerConfig } from '../../../src-shared/redact.js';
import type { CatalogTool, EngineContext, ServerStatus } from '../types.js';

/** What the API shows of servers and tools, from the config, the supervisor and the catalog. */

export function notFound(name: string): GatewayError {
  return new GatewayError(
    'SERVER_NOT_FOUND',
    `server '${name}' not found: \`mcp-gateway servers list\` shows the configured ones`,
  );
}

/** A configured server's entry, or SERVER_NOT_FOUND. */
export function serverConfig(ctx: EngineContext, name: string): ServerConfig {
  const s = ctx.config.current().mcpServers[name];
  if (s === undefined) {
    throw notFound(name);
  }
  return s;
}

/** The catalog's tools by server. */
export function toolsOf(ctx: EngineContext): Map<string, CatalogTool[]> {
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

/** Where an imported server came from and whether it waits for approval. */
function provenance(out: ServerSummary, name: string, cfg: ServerConfig): void {
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
}

/** What the supervisor knows of a running (or once started) server. */
function runtime(out: ServerSummary, st: ServerStatus, now: number): void {
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

export function summarise(
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
  provenance(out, name, cfg);
  const signIn = ctx.oauth?.status(name, cfg);
  if (signIn !== undefined) {
    out.signIn = signIn;
  }
  if (st) {
    runtime(out, st, now);
  }
  return out;
}

/** A server's summary with its tools now; its config as given, else as it stands (or SERVER_NOT_FOUND). */
export function summaryOf(ctx: EngineContext, name: string, cfg = serverConfig(ctx, name)): ServerSummary {
  return summarise(ctx, name, cfg, toolsOf(ctx).get(name));
}

export function detail(ctx: EngineContext, name: string): ServerDetail {
  const cfg = serverConfig(ctx, name);
  return { ...summarise(ctx, name, cfg, toolsOf(ctx).get(name)), config: redactServerConfig(cfg) };
}
