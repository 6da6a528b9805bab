import { ProtocolError } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';

import { exchanges, fastSession, fastState, messagesOf } from '../../../test/lib/fast-path.js';
import { send } from '../../../test/lib/frontends.js';
import { CallAbort } from '../call-abort.js';
import { answerAsk, ASK_PREFIX, inputFor } from './fast-asks.js';
import { Reply, resultMessage } from './fast-reply.js';
import { stateOf } from './fast-state.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A call in flight on session s1 whose client declared sampling, its answer's POST held open. */
async function callInFlight() {
  const http = await exchanges();
  closers.push(http.close);
  const fp = fastState({});
  const session = fastSession({ capabilities: { sampling: {} } });
  const st = stateOf(fp, session.id);
  const answer = send(http.url);
  const reply = new Reply((await http.next()).res, session.id, fp.replies);
  const call = new CallAbort();
  const input = inputFor(fp, session, st, reply, call);
  /** The client's response, as its own POST; resolves to whether the fast path took it, and the HTTP answer. */
  const respond = async (body: Record<string, unknown>) => {
    const posted = send(http.url, { body });
    const { res } = await http.next();
    const took = answerAsk(fp, session.id, { jsonrpc: '2.0', ...body }, res);
    if (!took) {
      // Left untouched for the SDK path; answered here only to end the test's request.
      expect(res.headersSent).toBe(false);
      res.writeHead(400).end();
    }
    return { took, status: (await posted).status };
  };
  /** Ends the call's answer and returns every message it carried. */
  const messages = async () => {
    reply.finish(resultMessage(1, '{}'));
    const got = await answer;
    return messagesOf(got.headers['content-type'], got.text);
  };
  return { fp, st, call, input, respond, messages, answer, reply };
}

const SAMPLING = { messages: [], maxTokens: 10 };

describe('fast path questions to the client', () => {
  it('sends a request on the call’s stream and resolves it with the client’s response', async () => {
    const t = await callInFlight();
    const asked = t.input.request('sampling/createMessage', SAMPLING, new AbortController().signal);
    expect(t.st.asks.has(`${ASK_PREFIX}1`)).toBe(true);
    expect(await t.respond({ id: `${ASK_PREFIX}1`, result: { content: 'hi' } })).toEqual({
      took: true,
      status: 202,
    });
    expect(await asked).toEqual({ content: 'hi' });
    expect(t.st.asks.size).toBe(0);
    expect(await t.messages()).toEqual([
      { jsonrpc: '2.0', id: `${ASK_PREFIX}1`, method: 'sampling/createMessage', params: SAMPLING },
      { jsonrpc: '2.0', id: 1, result: {} },
    ]);
  });

  it('rejects with the client’s error, and leaves responses it did not ask for to the SDK path', async () => {
    const t = await callInFlight();
    const asked = t.input.request('sampling/createMessage', SAMPLING, new AbortController().signal);
    asked.catch(() => undefined);
    expect((await t.respond({ id: `${ASK_PREFIX}9`, result: {} })).took).toBe(false);
    expect((await t.respond({ id: 1, result: {} })).took).toBe(false);
    expect(
      (await t.respond({ id: `${ASK_PREFIX}1`, error: { code: -1, message: 'user declined' } })).took,
    ).toBe(true);
    const err = await asked.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe(-1);
    expect((err as Error).message).toContain('user declined');
    expect(t.st.asks.size).toBe(0);
    expect(await t.messages()).toHaveLength(2);
  });

  it('refuses a request the client declared no capability for, sending nothing', async () => {
    const t = await callInFlight();
    await expect(
      t.input.request('elicitation/create', { message: 'q' }, new AbortController().signal),
    ).rejects.toThrow('does not support');
    expect(t.st.asks.size).toBe(0);
    expect(await t.messages()).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]);
  });

  it('tells the client when the call is cancelled while it is being asked', async () => {
    const t = await callInFlight();
    const asked = t.input.request('sampling/createMessage', SAMPLING, new AbortController().signal);
    t.call.abort(new Error('call cancelled'));
    await expect(asked).rejects.toThrow('call cancelled');
    expect(t.st.asks.size).toBe(0);
    expect((await t.messages()).map((m) => m['method'] ?? 'result')).toEqual([
      'sampling/createMessage',
      'notifications/cancelled',
      'result',
    ]);
  });

  it('fails at once when the call’s answer is already closed', async () => {
    const t = await callInFlight();
    t.reply.abandon();
    await expect(
      t.input.request('sampling/createMessage', SAMPLING, new AbortController().signal),
    ).rejects.toThrow('closed the request before the gateway could forward sampling/createMessage');
    expect(t.st.asks.size).toBe(0);
    await t.answer;
  });
});
