import { ProtocolError } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';

import { mrtrState, pending } from '../../../test/lib/mrtr.js';
import { applyAnswers, keyOf, openRound, toInputRequest } from './mrtr-inputs.js';
import { park } from './mrtr-parked.js';

const never = () => new Promise<Record<string, unknown>>(() => undefined);

describe('a round’s input requests', () => {
  it('names the requests of a round in, in2, in3', () => {
    expect([0, 1, 2].map(keyOf)).toEqual(['in', 'in2', 'in3']);
  });

  it('turns each server→client request into its input request', () => {
    expect(toInputRequest(pending('roots/list'))).toEqual({ method: 'roots/list' });
    expect(toInputRequest(pending('sampling/createMessage', { messages: [], maxTokens: 5 }))).toEqual({
      method: 'sampling/createMessage',
      params: { messages: [], maxTokens: 5 },
    });
    expect(
      toInputRequest(pending('elicitation/create', { mode: 'url', message: 'Sign in', url: 'https://x' })),
    ).toEqual({
      method: 'elicitation/create',
      params: { mode: 'url', message: 'Sign in', url: 'https://x' },
    });
    const schema = { type: 'object', properties: {} };
    expect(
      toInputRequest(pending('elicitation/create', { message: 'Name?', requestedSchema: schema })),
    ).toEqual({
      method: 'elicitation/create',
      params: { mode: 'form', message: 'Name?', requestedSchema: schema },
    });
  });

  it('opens a round: the requests wait for the retry, the expiry restarts, the round counts', () => {
    const st = mrtrState(5_000);
    const p = park(st, never);
    const next = [pending('roots/list'), pending('sampling/createMessage', { messages: [], maxTokens: 1 })];
    const inputs = openRound(st, p, next);
    expect(Object.keys(inputs)).toEqual(['in', 'in2']);
    expect(inputs['in']).toEqual({ method: 'roots/list' });
    expect(p.asked).toBe(next);
    expect(p.round).toBe(1);
    expect(st.clock.pending()).toEqual([5_000]);
    openRound(st, p, next);
    expect(p.round).toBe(2);
    expect(st.clock.pending()).toEqual([5_000]);
  });

  it('gives each answer of the retry to the request it answers, and fails one left unanswered', () => {
    const st = mrtrState();
    const p = park(st, never);
    const answered = pending('roots/list');
    const unanswered = pending('sampling/createMessage');
    const nulled = pending('elicitation/create');
    p.asked = [answered, unanswered, nulled];
    applyAnswers(p, { in: { roots: [] }, in3: null });
    expect(answered.outcome).toEqual({ value: { roots: [] } });
    expect(unanswered.outcome?.error).toBeInstanceOf(ProtocolError);
    expect((unanswered.outcome?.error as Error).message).toContain(
      'The client did not answer sampling/createMessage.',
    );
    expect((nulled.outcome?.error as Error).message).toContain('did not answer elicitation/create');
    expect(p.asked).toEqual([]);
    // A retry without answers fails what was asked.
    const again = pending('roots/list');
    p.asked = [again];
    applyAnswers(p, undefined);
    expect(again.outcome?.error).toBeInstanceOf(ProtocolError);
  });
});
