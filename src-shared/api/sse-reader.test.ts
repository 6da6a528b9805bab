import { describe, expect, it } from 'vitest';

import { type BodyReaderLike, isAbort, readSseBody, type SseMessage } from './sse-reader.js';

/** A reader that hands out the given chunks, then fails with `end` if given, else ends. */
function readerOf(chunks: Uint8Array[], end?: Error): BodyReaderLike {
  let i = 0;
  return {
    async read() {
      if (i < chunks.length) {
        return { done: false, value: chunks[i++] };
      }
      if (end !== undefined) {
        throw end;
      }
      return { done: true };
    },
  };
}

const abortError = (): Error => Object.assign(new Error('aborted'), { name: 'AbortError' });

describe('readSseBody', () => {
  it('reads a real response body to its end, a character split across chunks included', async () => {
    const bytes = new TextEncoder().encode('id: 7\nevent: log\ndata: {"line":"naïve"}\n\ndata: 2\n\n');
    const split = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ï"
    const body = new Response(
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(bytes.slice(0, split));
          c.enqueue(bytes.slice(split));
          c.close();
        },
      }),
    ).body;
    const got: SseMessage[] = [];
    await readSseBody(body!.getReader(), (e) => got.push(e));
    expect(got).toEqual([
      { id: '7', event: 'log', data: '{"line":"naïve"}' },
      { id: '7', event: 'message', data: '2' },
    ]);
  });

  it('ends quietly when the read is aborted, keeping what came before', async () => {
    const got: SseMessage[] = [];
    const chunks = [new TextEncoder().encode('data: a\n\n')];
    await expect(readSseBody(readerOf(chunks, abortError()), (e) => got.push(e))).resolves.toBeUndefined();
    expect(got.map((e) => e.data)).toEqual(['a']);
  });

  it('rejects with any other read error', async () => {
    await expect(readSseBody(readerOf([], new Error('connection reset')), () => {})).rejects.toThrow(
      'connection reset',
    );
  });

  it('tells an abort from other errors', () => {
    expect(isAbort(abortError())).toBe(true);
    expect(isAbort(new Error('x'))).toBe(false);
    expect(isAbort(undefined)).toBe(false);
  });
});
