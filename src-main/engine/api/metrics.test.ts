import { Counter } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';

import type { CallRecord } from '../../../src-shared/events.js';
import { createEventBus } from '../events.js';
import type { EngineContext } from '../types.js';
import { createGatewayMetrics } from './metrics.js';

function setup() {
  const bus = createEventBus();
  const ctx = {
    bus,
    supervisor: { list: () => [] },
    sessions: { list: () => [] },
    clock: { now: () => 0, setTimeout: () => ({}), clearTimeout: () => undefined },
    startedAt: 0,
  } as unknown as Pick<EngineContext, 'bus' | 'supervisor' | 'sessions' | 'clock' | 'startedAt'>;
  const metrics = createGatewayMetrics(ctx);
  let n = 0;
  const call = (tool: string, outcome: Partial<CallRecord> = {}) => {
    n += 1;
    const rec: CallRecord = {
      id: `c${n}`,
      at: 0,
      server: 'srv',
      tool,
      client: 'api',
      durationMs: 20,
      ok: true,
      ...outcome,
    };
    bus.emit({ type: 'call.finished', at: 20, call: rec });
  };
  const line = (text: string, name: string) =>
    text
      .split('\n')
      .find((l) => l.startsWith(name))
      ?.split(' ')
      .at(-1);
  return { metrics, call, line };
}

describe('gateway metrics', () => {
  it('counts calls per outcome and errors across scrapes, whenever they are scraped', async () => {
    const { metrics, call, line } = setup();
    call('a');
    call('a');
    call('a', { ok: true, isError: true });
    const first = await metrics.prometheus();
    expect(line(first, 'mcp_gateway_tool_calls_total{server="srv",tool="a",client="api",outcome="ok"}')).toBe(
      '2',
    );
    expect(
      line(first, 'mcp_gateway_tool_calls_total{server="srv",tool="a",client="api",outcome="tool_error"}'),
    ).toBe('1');
    expect(line(first, 'mcp_gateway_tool_call_errors_total{server="srv",tool="a",client="api"}')).toBe('1');
    expect(
      line(first, 'mcp_gateway_tool_call_duration_seconds_count{server="srv",tool="a",client="api"}'),
    ).toBe('3');
    call('a');
    call('a', { ok: false, error: 'gone' });
    call('b');
    // A second scrape in a row adds nothing twice.
    await metrics.prometheus();
    const second = await metrics.prometheus();
    expect(
      line(second, 'mcp_gateway_tool_calls_total{server="srv",tool="a",client="api",outcome="ok"}'),
    ).toBe('3');
    expect(
      line(second, 'mcp_gateway_tool_calls_total{server="srv",tool="a",client="api",outcome="failed"}'),
    ).toBe('1');
    expect(line(second, 'mcp_gateway_tool_call_errors_total{server="srv",tool="a",client="api"}')).toBe('2');
    expect(
      line(second, 'mcp_gateway_tool_calls_total{server="srv",tool="b",client="api",outcome="ok"}'),
    ).toBe('1');
    expect(metrics.snapshot().totals).toMatchObject({ calls: 6, errors: 2 });
    metrics.dispose();
  });

  it('hands the counters to prom-client at the scrape, once per series and outcome, not per call', async () => {
    // What `inc` is bound to in every Counter made after this (prom-client's own name for it).
    const proto = Counter.prototype as unknown as { incWithoutExemplar: (...args: unknown[]) => unknown };
    const inc = vi.spyOn(proto, 'incWithoutExemplar');
    try {
      const { metrics, call, line } = setup();
      for (let i = 0; i < 100; i++) {
        call('a');
      }
      expect(inc).not.toHaveBeenCalled();
      const text = await metrics.prometheus();
      expect(inc).toHaveBeenCalledTimes(1);
      expect(
        line(text, 'mcp_gateway_tool_calls_total{server="srv",tool="a",client="api",outcome="ok"}'),
      ).toBe('100');
      metrics.dispose();
    } finally {
      inc.mockRestore();
    }
  });

  it('reads the counters straight from the registry too (the JSON form collects the same way)', async () => {
    const { metrics, call } = setup();
    call('a');
    call('a', { ok: false, error: 'x' });
    const json = await metrics.registry.getMetricsAsJSON();
    const calls = json.find((m) => m.name === 'mcp_gateway_tool_calls_total');
    expect(calls?.values.map((v) => [v.labels['outcome'], v.value]).sort()).toEqual([
      ['failed', 1],
      ['ok', 1],
    ]);
    metrics.dispose();
  });
});
