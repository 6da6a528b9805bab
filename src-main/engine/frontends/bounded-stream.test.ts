import { describe, expect, it } from 'vitest';

import { boundedResponse, boundedStream } from './bounded-stream.js';

/** A source that enqueues `n` chunks of `size` bytes as fast as it can, whatever is read. */
function flood(n: number, size: number): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < n; i++) {
        controller.enqueue(new Uint8Array(size).fill(i % 256));
      }
      controller.close();
    },
  });
}

describe('boundedStream', () => {
  it('passes everything through, in order, to a consumer that reads', async () => {
    const drops: number[] = [];
    const out = boundedStream(
      flood(100, 1024),
      () => 200 * 1024,
      (w) => drops.push(w),
    );
    const got: number[] = [];
    const reader = out.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      got.push(r.value[0] ?? -1);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(got).toEqual([...Array(100).keys()]);
    expect(drops).toEqual([]);
  });

  it('gives up on a consumer that stays behind by more than the limit, and says how much waited', async () => {
    const drops: number[] = [];
    const out = boundedStream(
      flood(1000, 1024),
      () => 64 * 1024,
      (w) => drops.push(w),
    );
    const reader = out.getReader();
    // Never read: the source is drained into the counted queue until the limit is passed.
    for (let i = 0; i < 100 && drops.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(drops).toHaveLength(1);
    expect(drops[0]).toBeGreaterThan(64 * 1024);
    expect(drops[0]).toBeLessThanOrEqual(64 * 1024 + 1024);
    await expect(reader.read()).rejects.toThrow(/not reading its stream/);
  });

  it('leaves answers that are not event streams alone', () => {
    const json = Response.json({ ok: true });
    expect(
      boundedResponse(
        json,
        () => 1,
        () => undefined,
      ),
    ).toBe(json);
  });
});
