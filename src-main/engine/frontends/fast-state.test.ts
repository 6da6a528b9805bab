import { ProtocolError } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';

import { fastState } from '../../../test/lib/fast-path.js';
import { CallAbort } from '../call-abort.js';
import { dropSession, inFlight, stateOf } from './fast-state.js';

describe('fast path state', () => {
  it('creates a session’s state on first use and keeps it', () => {
    const fp = fastState({});
    const st = stateOf(fp, 's1');
    expect(stateOf(fp, 's1')).toBe(st);
    expect(stateOf(fp, 's2')).not.toBe(st);
    expect(fp.states.size).toBe(2);
  });

  it('counts the calls in flight per session', () => {
    const fp = fastState({});
    expect(inFlight(fp, 's1')).toBe(0);
    stateOf(fp, 's1').calls.set(1, new CallAbort());
    stateOf(fp, 's1').calls.set('two', new CallAbort());
    expect(inFlight(fp, 's1')).toBe(2);
    expect(inFlight(fp, 's2')).toBe(0);
  });

  it('drops a session: its calls are aborted, its questions fail, its state is gone', () => {
    const fp = fastState({});
    const st = stateOf(fp, 's1');
    const call = new CallAbort();
    st.calls.set(1, call);
    const rejected: unknown[] = [];
    // A question that removes itself when it settles, as the real ones do.
    st.asks.set('gateway-ask-1', {
      resolve: () => undefined,
      reject: (err) => {
        rejected.push(err);
        st.asks.delete('gateway-ask-1');
      },
    });
    const other = stateOf(fp, 's2');
    dropSession(fp, 's1');
    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBeInstanceOf(ProtocolError);
    expect((call.signal.reason as Error).message).toContain('The client session ended.');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as Error).message).toContain('The client session ended.');
    expect(fp.states.has('s1')).toBe(false);
    expect(stateOf(fp, 's2')).toBe(other);
    // Dropping again, or an unknown session, does nothing.
    dropSession(fp, 's1');
    dropSession(fp, 'nope');
    expect(rejected).toHaveLength(1);
  });
});
