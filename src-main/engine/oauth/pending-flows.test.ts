import { describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import { createPendingFlows, type PendingFlow } from './pending-flows.js';

const flowOf = (server: string, state: string, expiresAt: number): PendingFlow => ({
  server,
  serverUrl: `https://${server}.example.com/mcp`,
  state,
  authorizationUrl: `https://as.example.com/authorize?state=${state}`,
  expiresAt,
  provider: {} as PendingFlow['provider'],
  fetchFn: fetch,
});

describe('the browser sign-ins waiting for the callback', () => {
  it('finds a flow by its state once only', () => {
    const flows = createPendingFlows({ clock: manualClock(), onExpired: () => undefined });
    const flow = flowOf('docs', 's1', Number.MAX_SAFE_INTEGER);
    flows.add(flow);
    expect(flows.take(undefined)).toBeUndefined();
    expect(flows.take('other')).toBeUndefined();
    expect(flows.forServer('docs')).toBe(flow);
    expect(flows.take('s1')).toBe(flow);
    expect(flows.take('s1')).toBeUndefined();
    expect(flows.forServer('docs')).toBeUndefined();
  });

  it("a new sign-in replaces the server's earlier one, whose state no longer answers", () => {
    const flows = createPendingFlows({ clock: manualClock(), onExpired: () => undefined });
    flows.add(flowOf('docs', 's1', Number.MAX_SAFE_INTEGER));
    flows.add(flowOf('mail', 's2', Number.MAX_SAFE_INTEGER));
    const second = flowOf('docs', 's3', Number.MAX_SAFE_INTEGER);
    flows.add(second);
    expect(flows.take('s1')).toBeUndefined();
    expect(flows.forServer('docs')).toBe(second);
    flows.drop('docs');
    expect(flows.take('s3')).toBeUndefined();
    expect(flows.forServer('mail')?.state).toBe('s2');
  });

  it('gives up the flows that expired and says which', () => {
    const clock = manualClock(1_000);
    const expired: string[] = [];
    const flows = createPendingFlows({ clock, onExpired: (f) => expired.push(f.server) });
    flows.add(flowOf('docs', 's1', 2_000));
    flows.add(flowOf('mail', 's2', 3_000));
    flows.sweep();
    expect(expired).toEqual([]);
    clock.advance(1_000);
    flows.sweep();
    expect(expired).toEqual(['docs']);
    expect(flows.take('s1')).toBeUndefined();
    expect(flows.take('s2')?.server).toBe('mail');
  });
});
