import { ProtocolError } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';

import { mrtrState, pending } from '../../../test/lib/mrtr.js';
import { armExpiry, drop, type ModernRound, park } from './mrtr-parked.js';

/** A backend call the test settles itself, and the round it was started with. */
function backendCall() {
  const call: {
    round?: ModernRound;
    resolve?: (v: Record<string, unknown>) => void;
    reject?: (e: unknown) => void;
  } = {};
  const start = (round: ModernRound) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      Object.assign(call, { round, resolve, reject });
    });
  return { call, start };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('parked calls', () => {
  it('starts the call, queues what it asks the client and wakes the round waiting', async () => {
    const st = mrtrState();
    const { call, start } = backendCall();
    const p = park(st, start);
    expect(st.parked.get(p.id)).toBe(p);
    let woken = 0;
    p.wake = () => (woken += 1);
    const asked = call.round!.input.request('roots/list', undefined, new AbortController().signal);
    expect(p.queue.map((q) => q.method)).toEqual(['roots/list']);
    expect(woken).toBe(1);
    p.queue[0]!.resolve({ roots: [] });
    expect(await asked).toEqual({ roots: [] });
  });

  it('keeps the outcome of the call and wakes the round for it', async () => {
    const st = mrtrState();
    const ok = backendCall();
    const p = park(st, ok.start);
    let woken = 0;
    p.wake = () => (woken += 1);
    ok.call.resolve!({ content: [] });
    await p.call;
    expect(p.done).toEqual({ ok: true, value: { content: [] } });
    const failing = backendCall();
    const q = park(st, failing.start);
    failing.call.reject!(new Error('backend failed'));
    await q.call;
    expect(q.done).toEqual({ ok: false, error: new Error('backend failed') });
    expect(woken).toBe(1);
  });

  it('delivers progress to the round open now', () => {
    const st = mrtrState();
    const { call, start } = backendCall();
    const p = park(st, start);
    call.round!.onProgress({ progress: 1 });
    const seen: number[] = [];
    p.progress = (pr) => seen.push(pr.progress);
    call.round!.onProgress({ progress: 2 });
    expect(seen).toEqual([2]);
  });

  it('fails a request whose own signal aborts', async () => {
    const st = mrtrState();
    const { call, start } = backendCall();
    park(st, start);
    const signal = new AbortController();
    const asked = call.round!.input.request('roots/list', undefined, signal.signal);
    signal.abort(new Error('backend gave up'));
    await expect(asked).rejects.toThrow('backend gave up');
  });

  it('drops a call: cancelled upstream, its requests failed with the reason, forgotten', async () => {
    const st = mrtrState();
    const { start } = backendCall();
    const p = park(st, start);
    const queued = pending('roots/list');
    const asked = pending('sampling/createMessage');
    p.queue.push(queued);
    p.asked.push(asked);
    armExpiry(st, p);
    drop(st, p, 'The gateway is shutting down.');
    expect(st.parked.size).toBe(0);
    expect(st.clock.pending()).toEqual([]);
    expect(p.abort.signal.aborted).toBe(true);
    for (const q of [queued, asked]) {
      expect(q.outcome?.error).toBeInstanceOf(ProtocolError);
      expect((q.outcome?.error as Error).message).toContain('The gateway is shutting down.');
    }
    expect(p.queue).toEqual([]);
    expect(p.asked).toEqual([]);
    await tick();
  });

  it('does not cancel a call that has finished when it is dropped', async () => {
    const st = mrtrState();
    const { call, start } = backendCall();
    const p = park(st, start);
    call.resolve!({});
    await p.call;
    drop(st, p, 'gone');
    expect(p.abort.signal.aborted).toBe(false);
  });

  it('drops a call the client does not continue within the time allowed, counted from the last round', () => {
    const st = mrtrState(10_000);
    const p = park(st, backendCall().start);
    armExpiry(st, p);
    st.clock.advance(9_000);
    armExpiry(st, p);
    expect(st.clock.pending()).toEqual([10_000]);
    st.clock.advance(9_999);
    expect(st.parked.has(p.id)).toBe(true);
    st.clock.advance(1);
    expect(st.parked.has(p.id)).toBe(false);
    expect((p.abort.signal.reason as Error).message).toBe(
      'The client did not continue the tool call in time.',
    );
  });
});
