import { describe, expect, it } from 'vitest';

import { nextUncaught } from '../../test/lib/uncaught.js';
import { CallAbort } from './call-abort.js';

describe('CallAbort', () => {
  it('makes no AbortSignal until one is read', () => {
    const abort = new CallAbort();
    const seen: unknown[] = [];
    abort.onAbort((reason) => seen.push(reason));
    abort.abort('stop');
    expect(seen).toEqual(['stop']);
    expect((abort as unknown as { controller?: AbortController }).controller).toBeUndefined();
    // Read after the abort: made already aborted, with the same reason.
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBe('stop');
  });

  it('aborts a signal read before, with the same reason, after the hooks', () => {
    const abort = new CallAbort();
    const order: string[] = [];
    const signal = abort.signal;
    signal.addEventListener('abort', () => order.push(`signal:${String(signal.reason)}`));
    abort.onAbort(() => order.push('hook'));
    abort.abort('gone');
    expect(order).toEqual(['hook', 'signal:gone']);
    expect(abort.aborted).toBe(true);
    expect(abort.reason).toBe('gone');
  });

  it('runs each hook once, in order; a removed one not at all; later aborts do nothing', () => {
    const abort = new CallAbort();
    const seen: string[] = [];
    abort.onAbort(() => seen.push('a'));
    const remove = abort.onAbort(() => seen.push('b'));
    abort.onAbort(() => seen.push('c'));
    remove();
    abort.abort(1);
    abort.abort(2);
    expect(seen).toEqual(['a', 'c']);
    expect(abort.reason).toBe(1);
  });

  it('runs a hook added after the abort at once', () => {
    const abort = new CallAbort();
    abort.abort('late');
    const seen: unknown[] = [];
    abort.onAbort((r) => seen.push(r));
    expect(seen).toEqual(['late']);
  });

  it('gives the AbortError an AbortController would when no reason is passed', () => {
    const abort = new CallAbort();
    abort.abort();
    expect(abort.reason).toBeInstanceOf(DOMException);
    expect((abort.reason as DOMException).name).toBe('AbortError');
    const plain = new AbortController();
    plain.abort();
    expect((abort.reason as DOMException).message).toBe((plain.signal.reason as DOMException).message);
  });

  it('runs every hook when one throws, and reports the throw as uncaught', async () => {
    const abort = new CallAbort();
    const seen: string[] = [];
    abort.onAbort(() => {
      throw new Error('hook failed');
    });
    abort.onAbort(() => seen.push('second'));
    const uncaught = nextUncaught();
    abort.abort('x');
    expect(seen).toEqual(['second']);
    expect(abort.signal.aborted).toBe(true);
    expect(((await uncaught) as Error).message).toBe('hook failed');
  });
});
