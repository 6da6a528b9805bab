import { Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { MetricsSnapshot } from '../../../src-shared/api/schemas.js';
import { countStates, SERVER_STATES } from '../../../src-shared/states.js';
import type { EngineContext } from '../types.js';

/**
 * Gateway metrics, fed by `call.finished` events and read from the supervisor at scrape time.
 * Each engine has its own prom-client Registry, so two engines in one process (tests, the app's
 * embedded engine) never mix figures.
 */

export interface GatewayMetrics {
  readonly registry: Registry;
  /** Prometheus text exposition. */
  prometheus(): Promise<string>;
  readonly contentType: string;
  snapshot(): MetricsSnapshot;
  dispose(): void;
}

interface Stats {
  calls: number;
  errors: number;
  totalMs: number;
  maxMs: number;
}

const emptyStats = (): Stats => ({ calls: 0, errors: 0, totalMs: 0, maxMs: 0 });

function add(s: Stats, durationMs: number, failed: boolean): void {
  s.calls += 1;
  s.errors += failed ? 1 : 0;
  s.totalMs += durationMs;
  s.maxMs = Math.max(s.maxMs, durationMs);
}

function view(s: Stats): { calls: number; errors: number; avgMs: number; maxMs: number } {
  return {
    calls: s.calls,
    errors: s.errors,
    avgMs: s.calls === 0 ? 0 : Math.round((s.totalMs / s.calls) * 10) / 10,
    maxMs: s.maxMs,
  };
}

/** Upper bound on distinct (server, tool) pairs tracked, so a server with endless tool names cannot grow memory. */
const MAX_TOOL_SERIES = 5_000;
/** Upper bound on distinct (server, tool, client) label sets exported to Prometheus. */
const MAX_CALL_SERIES = 20_000;

/**
 * The `client` label of a call: its token's name (a call with a token carries its profile), `api`
 * for the control API, else `anonymous`. Names a client picks for itself in its handshake are
 * never used, so the label's values stay as few as the tokens the user made.
 */
function clientLabel(call: { client: string; profile?: string | undefined }): string {
  if (call.profile !== undefined) {
    return call.client;
  }
  return call.client === 'api' ? 'api' : 'anonymous';
}

export function createGatewayMetrics(
  ctx: Pick<EngineContext, 'bus' | 'supervisor' | 'sessions' | 'clock' | 'startedAt'>,
): GatewayMetrics {
  const registry = new Registry();
  const calls = new Counter({
    name: 'mcp_gateway_tool_calls_total',
    help: 'Tool calls through the gateway, by server, tool, client (token name) and outcome (ok, tool_error, failed)',
    labelNames: ['server', 'tool', 'client', 'outcome'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'mcp_gateway_tool_call_errors_total',
    help: 'Tool calls that failed or returned isError, by server, tool and client (token name)',
    labelNames: ['server', 'tool', 'client'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'mcp_gateway_tool_call_duration_seconds',
    help: 'Tool call latency in seconds, by server, tool and client (token name)',
    labelNames: ['server', 'tool', 'client'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  new Gauge({
    name: 'mcp_gateway_server_state',
    help: '1 for the state each server is in',
    labelNames: ['server', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of ctx.supervisor.list()) {
        for (const state of SERVER_STATES) {
          this.set({ server: s.name, state }, s.state === state ? 1 : 0);
        }
      }
    },
  });
  new Gauge({
    name: 'mcp_gateway_server_restarts',
    help: 'Restarts of each server since the gateway started',
    labelNames: ['server'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of ctx.supervisor.list()) {
        this.set({ server: s.name }, s.restarts);
      }
    },
  });
  new Gauge({
    name: 'mcp_gateway_sessions',
    help: 'Connected client sessions',
    registers: [registry],
    collect() {
      this.set(ctx.sessions.list().length);
    },
  });
  new Gauge({
    name: 'mcp_gateway_uptime_seconds',
    help: 'Seconds since the gateway started',
    registers: [registry],
    collect() {
      this.set((ctx.clock.now() - ctx.startedAt) / 1000);
    },
  });

  const totals = emptyStats();
  const perServer = new Map<string, Stats>();
  const perTool = new Map<string, Stats & { server: string; tool: string }>();
  const perClient = new Map<string, Stats>();
  const series = new Set<string>();

  const sub = ctx.bus.on((e) => {
    if (e.type !== 'call.finished') {
      return;
    }
    const { server, tool, durationMs, ok, isError } = e.call;
    const failed = !ok || isError === true;
    const outcome = !ok ? 'failed' : isError === true ? 'tool_error' : 'ok';
    const key = `${server}\u0000${tool}`;
    if (!perTool.has(key) && perTool.size >= MAX_TOOL_SERIES) {
      return;
    }
    const client = clientLabel(e.call);
    const seriesKey = `${key}\u0000${client}`;
    if (series.has(seriesKey) || series.size < MAX_CALL_SERIES) {
      series.add(seriesKey);
      calls.inc({ server, tool, client, outcome });
      if (failed) {
        errors.inc({ server, tool, client });
      }
      latency.observe({ server, tool, client }, durationMs / 1000);
    }
    add(totals, durationMs, failed);
    let c = perClient.get(client);
    if (c === undefined) {
      c = emptyStats();
      perClient.set(client, c);
    }
    add(c, durationMs, failed);
    let s = perServer.get(server);
    if (s === undefined) {
      s = emptyStats();
      perServer.set(server, s);
    }
    add(s, durationMs, failed);
    let t = perTool.get(key);
    if (t === undefined) {
      t = { ...emptyStats(), server, tool };
      perTool.set(key, t);
    }
    add(t, durationMs, failed);
  });

  return {
    registry,
    contentType: registry.contentType,
    prometheus: () => registry.metrics(),
    snapshot() {
      const statuses = ctx.supervisor.list();
      const names = new Set([...statuses.map((s) => s.name), ...perServer.keys()]);
      return {
        uptimeMs: ctx.clock.now() - ctx.startedAt,
        sessions: ctx.sessions.list().length,
        states: countStates(statuses.map((s) => s.state)),
        totals: view(totals),
        servers: [...names].sort().map((name) => {
          const st = statuses.find((s) => s.name === name);
          return {
            server: name,
            ...(st ? { state: st.state } : {}),
            restarts: st?.restarts ?? 0,
            ...view(perServer.get(name) ?? emptyStats()),
          };
        }),
        tools: [...perTool.values()]
          .sort((a, b) => b.calls - a.calls)
          .map((t) => ({ server: t.server, tool: t.tool, ...view(t) })),
        clients: [...perClient.entries()]
          .sort((a, b) => b[1].calls - a[1].calls || a[0].localeCompare(b[0]))
          .map(([client, st]) => ({ client, ...view(st) })),
      };
    },
    dispose() {
      sub.dispose();
      registry.clear();
    },
  };
}
