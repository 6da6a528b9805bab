import {
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';

import { mrtrState, pending } from '../../../test/lib/mrtr.js';
import { park } from './mrtr-parked.js';
import { refuseUnanswerable, withoutUnaskedRoots } from './mrtr-refusals.js';

const never = () => new Promise<Record<string, unknown>>(() => undefined);

describe('requests a client cannot be asked', () => {
  it('answers a roots request for a client without roots with method not found, keeping the rest', () => {
    const roots = pending('roots/list');
    const sampling = pending('sampling/createMessage');
    expect(withoutUnaskedRoots([roots, sampling], { sampling: {} })).toEqual([sampling]);
    expect(roots.outcome?.error).toBeInstanceOf(ProtocolError);
    expect((roots.outcome?.error as ProtocolError).code).toBe(ProtocolErrorCode.MethodNotFound);
    expect(sampling.outcome).toBeUndefined();
  });

  it('asks for roots when the client declared them', () => {
    const roots = pending('roots/list');
    expect(withoutUnaskedRoots([roots], { roots: {} })).toEqual([roots]);
    expect(roots.outcome).toBeUndefined();
  });

  it('lets a round go on when every request can be asked', () => {
    const st = mrtrState();
    const p = park(st, never);
    const next = [pending('sampling/createMessage'), pending('elicitation/create', { message: 'q' })];
    expect(() => refuseUnanswerable(st, p, next, { sampling: {}, elicitation: { form: {} } })).not.toThrow();
    expect(next.map((q) => q.outcome)).toEqual([undefined, undefined]);
    expect(st.parked.has(p.id)).toBe(true);
  });

  it('refuses the client’s request naming what it lacks, fails the round and cancels the call', () => {
    const st = mrtrState();
    const p = park(st, never);
    const sampling = pending('sampling/createMessage');
    const url = pending('elicitation/create', { mode: 'url', message: 'Sign in', url: 'https://x' });
    let thrown: unknown;
    try {
      refuseUnanswerable(st, p, [sampling, url], { sampling: {}, elicitation: { form: {} } });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(MissingRequiredClientCapabilityError);
    expect((thrown as Error).message).toContain('The request needs URL-mode elicitation');
    expect((thrown as ProtocolError).data).toMatchObject({
      requiredCapabilities: { elicitation: { url: {} } },
    });
    for (const q of [sampling, url]) {
      expect((q.outcome?.error as ProtocolError).code).toBe(ProtocolErrorCode.MethodNotFound);
    }
    expect(st.parked.has(p.id)).toBe(false);
    expect(p.abort.signal.aborted).toBe(true);
  });
});
