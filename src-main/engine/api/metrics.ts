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
  const counters = callCounters(registry);
  registerGauges(registry, ctx);
  const stats = callStats();

  const sub = ctx.bus.on((e) => {
    if (e.type !== 'call.finished') {
      return;
    }
    const { server, tool, durationMs, ok, isError } = e.call;
    if (!stats.tracks(server, tool)) {
      return;
    }
    const outcome = !ok ? 'failed' : isError === true ? 'tool_error' : 'ok';
    const client = clientLabel(e.call);
    counters.record({ server, tool, client }, outcome, durationMs);
    stats.add({ server, tool, client }, durationMs, outcome !== 'ok');
  });

  return {
    registry,
    contentType: registry.contentType,
    prometheus: () => registry.metrics(),
    snapshot() {
      const statuses = ctx.supervisor.list();
      return {
        uptimeMs: ctx.clock.now() - ctx.startedAt,
        sessions: ctx.sessions.list().length,
        states: countStates(statuses.map((s) => s.state)),
        ...stats.views(statuses),
      };
    },
    dispose() {
      sub.dispose();
      registry.clear();
    },
  };
}

type CallLabels = { server: string; tool: string; client: string };

type Outcome = 'ok' | 'tool_error' | 'failed';
const OUTCOMES: readonly Outcome[] = ['ok', 'tool_error', 'failed'];

/**
 * The per-call Prometheus series, at most MAX_CALL_SERIES label sets. The two counters are
 * counted here per series and handed to prom-client when a scrape collects them: its `inc`
 * validates and hashes the labels on every call (about 2 µs, more than the rest of the call
 * record), while a scrape needs only the sums. The latency histogram is observed per call.
 */
function callCounters(registry: Registry) {
  const counts = new Map<string, { labels: CallLabels } & Record<Outcome, number>>();
  const flush = () => {
    for (const c of counts.values()) {
      for (const outcome of OUTCOMES) {
        const n = c[outcome];
        if (n > 0) {
          c[outcome] = 0;
          calls.inc({ ...c.labels, outcome }, n);
          if (outcome !== 'ok') {
            errors.inc(c.labels, n);
          }
        }
      }
    }
  };
  const calls = new Counter({
    name: 'mcp_gateway_tool_calls_total',
    help: 'Tool calls through the gateway, by server, tool, client (token name) and outcome (ok, tool_error, failed)',
    labelNames: ['server', 'tool', 'client', 'outcome'] as const,
    registers: [registry],
    collect: flush,
  });
  const errors = new Counter({
    name: 'mcp_gateway_tool_call_errors_total',
    help: 'Tool calls that failed or returned isError, by server, tool and client (token name)',
    labelNames: ['server', 'tool', 'client'] as const,
    registers: [registry],
    collect: flush,
  });
  const latency = new Histogram({
    name: 'mcp_gateway_tool_call_duration_seconds',
    help: 'Tool call latency in seconds, by server, tool and client (token name)',
    labelNames: ['server', 'tool', 'client'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  return {
    record(labels: CallLabels, outcome: Outcome, durationMs: number): void {
      const seriesKey = `${labels.server}\u0000${labels.tool}\u0000${labels.client}`;
      let c = counts.get(seriesKey);
      if (c === undefined) {
        if (counts.size >= MAX_CALL_SERIES) {
          return;
        }
        c = { labels: { ...labels }, ok: 0, tool_error: 0, failed: 0 };
        counts.set(seriesKey, c);
      }
      c[outcome] += 1;
      latency.observe(labels, durationMs / 1000);
    },
  };
}

/** The gauges read at scrape time: server states and restarts, sessions, uptime. */
function registerGauges(
  registry: Registry,
  ctx: Pick<EngineContext, 'supervisor' | 'sessions' | 'clock' | 'startedAt'>,
): void {
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
}

/** The dashboard's call figures: in all, per server, per tool (at most MAX_TOOL_SERIES) and per client. */
function callStats() {
  const totals = emptyStats();
  const perServer = new Map<string, Stats>();
  const perTool = new Map<string, Stats & { server: string; tool: string }>();
  const perClient = new Map<string, Stats>();
  const statsOf = <S extends Stats>(map: Map<string, S>, key: string, make: () => S): S => {
    let st = map.get(key);
    if (st === undefined) {
      st = make();
      map.set(key, st);
    }
    return st;
  };
  const toolKey = (server: string, tool: string) => `${server}\u0000${tool}`;
  return {
    /** Whether a call of this tool is counted (a new tool is not, once there are too many). */
    tracks: (server: string, tool: string) =>
      perTool.has(toolKey(server, tool)) || perTool.size < MAX_TOOL_SERIES,
    add({ server, tool, client }: CallLabels, durationMs: number, failed: boolean): void {
      add(totals, durationMs, failed);
      add(statsOf(perClient, client, emptyStats), durationMs, failed);
      add(statsOf(perServer, server, emptyStats), durationMs, failed);
      const t = statsOf(perTool, toolKey(server, tool), () => ({ ...emptyStats(), server, tool }));
      add(t, durationMs, failed);
    },
    views(statuses: ReturnType<EngineContext['supervisor']['list']>) {
      const names = new Set([...statuses.map((s) => s.name), ...perServer.keys()]);
      return {
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
  };
}
