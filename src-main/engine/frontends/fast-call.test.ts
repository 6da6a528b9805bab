import { afterEach, describe, expect, it } from 'vitest';

import { exchanges, fastSession, fastState, messagesOf } from '../../../test/lib/fast-path.js';
import { send } from '../../../test/lib/frontends.js';
import type { ForwardContext } from '../catalog/index.js';
import { callTool, cancelCall, logIgnored } from './fast-call.js';
import { inFlight } from './fast-state.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A catalog with one tool, `echo`, whose calls the test settles itself. */
function oneTool() {
  const calls: Array<{
    args: Record<string, unknown>;
    fc: ForwardContext;
    resolve: (r: Record<string, unknown>) => void;
    reject: (e: unknown) => void;
  }> = [];
  const catalog = {
    startupSettled: () => Promise.resolve(),
    resolveTool: (_scope: unknown, name: string) =>
      name === 'echo' ? { server: 's', name: 'echo' } : undefined,
    callTool: (_target: unknown, args: Record<string, unknown>, fc: ForwardContext) =>
      new Promise<Record<string, unknown>>((resolve, reject) => calls.push({ args, fc, resolve, reject })),
  };
  return { catalog, calls };
}

async function started(params: Record<string, unknown>, id: string | number = 1) {
  const http = await exchanges();
  closers.push(http.close);
  const { catalog, calls } = oneTool();
  const fp = fastState(catalog as never);
  const session = fastSession({ profile: 'work' });
  const answer = send(http.url).then((got) => ({
    ...got,
    messages: messagesOf(got.headers['content-type'], got.text),
  }));
  callTool(fp, session, id, params, undefined, (await http.next()).res);
  await new Promise((resolve) => setImmediate(resolve));
  return { fp, http, calls, answer, session };
}

describe('fast path tools/call', () => {
  it('forwards the call with who made it and answers its result as JSON', async () => {
    const t = await started({ name: 'echo', arguments: { text: 'hi' } }, 'c1');
    expect(t.calls).toHaveLength(1);
    const { args, fc } = t.calls[0]!;
    expect(args).toEqual({ text: 'hi' });
    expect(fc).toMatchObject({ client: 'editor', profile: 'work', sessionId: 's1' });
    expect(inFlight(t.fp, 's1')).toBe(1);
    t.calls[0]!.resolve({ content: [{ type: 'text', text: 'hi' }] });
    const got = await t.answer;
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.messages).toEqual([
      { jsonrpc: '2.0', id: 'c1', result: { content: [{ type: 'text', text: 'hi' }] } },
    ]);
    expect(inFlight(t.fp, 's1')).toBe(0);
  });

  it('answers an unknown tool and a failed call with JSON-RPC errors', async () => {
    const unknown = await started({ name: 'nope' });
    expect((await unknown.answer).messages[0]!['error']).toMatchObject({ code: -32602 });
    const failed = await started({ name: 'echo' });
    failed.calls[0]!.reject(new Error('backend crashed'));
    expect((await failed.answer).messages[0]!['error']).toEqual({ code: -32603, message: 'backend crashed' });
  });

  it('answers a result that cannot be sent as JSON with an error, and logs it', async () => {
    const t = await started({ name: 'echo' });
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    t.calls[0]!.resolve(cyclic);
    const error = (await t.answer).messages[0]!['error'] as { message: string };
    expect(error.message).toContain('cannot be sent as JSON');
    expect(t.fp.logger.lines).toEqual([
      expect.objectContaining({ level: 'warn', message: 'a tool result could not be serialised' }),
    ]);
  });

  it('streams the backend’s log lines ahead of the result', async () => {
    const t = await started({ name: 'echo' });
    t.calls[0]!.fc.onLog?.({ level: 'info', data: 'working' });
    t.calls[0]!.resolve({ content: [] });
    expect((await t.answer).messages).toEqual([
      { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'working' } },
      { jsonrpc: '2.0', id: 1, result: { content: [] } },
    ]);
  });

  it('leaves out log lines below the level the session set', async () => {
    const t = await started({ name: 'echo' });
    (t.session.server as unknown as Record<string, unknown>)['isMessageIgnored'] = (level: string) =>
      level === 'debug';
    t.calls[0]!.fc.onLog?.({ level: 'debug', data: 'noise' });
    t.calls[0]!.resolve({ content: [] });
    const got = await t.answer;
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.messages).toEqual([{ jsonrpc: '2.0', id: 1, result: { content: [] } }]);
  });

  it('cancels a call on the client’s notification: aborted upstream, closed without an answer', async () => {
    const t = await started({ name: 'echo' }, 5);
    const cancelled = send(t.http.url);
    const { res } = await t.http.next();
    expect(cancelCall(t.fp, 's1', 5, 'user stopped it', res)).toBe(true);
    expect((await cancelled).status).toBe(202);
    const signal = t.calls[0]!.fc.signal!;
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toContain('user stopped it');
    t.calls[0]!.resolve({ content: [] });
    const got = await t.answer;
    expect(got.text).toBe('');
    expect(inFlight(t.fp, 's1')).toBe(0);
  });

  it('leaves a cancellation of a call it does not run to the SDK path', async () => {
    const t = await started({ name: 'echo' }, 5);
    const other = send(t.http.url);
    const { res } = await t.http.next();
    expect(cancelCall(t.fp, 's1', 6, undefined, res)).toBe(false);
    expect(cancelCall(t.fp, 's2', 5, undefined, res)).toBe(false);
    expect(res.headersSent).toBe(false);
    res.writeHead(400).end();
    await other;
    expect(t.calls[0]!.fc.signal?.aborted).toBe(false);
    t.calls[0]!.resolve({ content: [] });
    await t.answer;
  });

  it('reads the session’s log level where the Server keeps it', () => {
    const quiet = fastSession();
    expect(logIgnored(quiet, 'debug')).toBe(false);
    const levels = fastSession();
    (levels.server as unknown as Record<string, unknown>)['isMessageIgnored'] = (level: string, id: string) =>
      level === 'debug' && id === 's1';
    expect(logIgnored(levels, 'debug')).toBe(true);
    expect(logIgnored(levels, 'error')).toBe(false);
  });
});
