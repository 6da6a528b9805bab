import v8 from 'node:v8';

import { afterEach, describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { MEMORY, nodeServer } from '../../../test/lib/paths.js';
import type { Logger } from '../types.js';
import { createIdleMemoryTrimmer, releaseHeapMemory } from './idle-memory.js';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A trimmer after sustained load (150 activities; 100 count as sustained), counting releases. */
function busyTrimmer() {
  const clock = manualClock(0);
  let count = 0;
  const trimmer = createIdleMemoryTrimmer({
    clock,
    idleMs: 1_000,
    busyIdleMs: 20_000,
    busyActivities: 100,
    minGapMs: 0,
    minGrowthBytes: 0,
    heapBytes: () => 100,
    release: async () => {
      count += 1;
    },
  });
  for (let i = 0; i < 150; i += 1) {
    trimmer.activity();
  }
  return { clock, trimmer, released: () => count };
}

/** A trimmer over a heap of 100 that a release brings to 50: gap 10 s, worth it from 10 bytes. */
function halvingTrimmer() {
  const clock = manualClock(0);
  let count = 0;
  let heap = 100;
  const trimmer = createIdleMemoryTrimmer({
    clock,
    idleMs: 1_000,
    minGapMs: 10_000,
    minGrowthBytes: 10,
    heapBytes: () => heap,
    release: async () => {
      count += 1;
      heap = 50;
    },
  });
  return { clock, trimmer, released: () => count, setHeap: (bytes: number) => (heap = bytes) };
}

describe('idle memory release', () => {
  it('releases once after a quiet period, and not while requests keep coming', async () => {
    const { clock, trimmer, released } = halvingTrimmer();
    trimmer.activity();
    for (let i = 0; i < 5; i += 1) {
      clock.advance(600);
      trimmer.activity(); // busy: every check sees new activity
    }
    expect(released()).toBe(0);
    clock.advance(2_500);
    await trimmer.settled();
    expect(released()).toBe(1);
    expect(trimmer.releases()).toBe(1);
    // Nothing happens without further activity.
    clock.advance(60_000);
    expect(clock.pending()).toHaveLength(0);
    await trimmer.close();
  });

  it('after sustained load waits the longer quiet time, and starts over when load comes back', async () => {
    const { clock, trimmer, released } = busyTrimmer();
    clock.advance(5_000);
    await trimmer.settled();
    expect(released()).toBe(0); // quiet for 5 s after 150 activities: not yet
    for (let i = 0; i < 150; i += 1) {
      trimmer.activity(); // the client comes back with real load
    }
    clock.advance(10_000);
    await trimmer.settled();
    expect(released()).toBe(0);
    clock.advance(30_000);
    await trimmer.settled();
    expect(released()).toBe(1); // at least 20 s of quiet after the last spell of load
    // A light spell afterwards is released after the short quiet time again.
    for (let i = 0; i < 5; i += 1) {
      trimmer.activity();
    }
    clock.advance(2_000);
    await trimmer.settled();
    expect(released()).toBe(2);
    await trimmer.close();
  });

  it('is not kept from releasing by a request now and then after sustained load (a metrics scrape)', async () => {
    const { clock, trimmer, released } = busyTrimmer();
    for (let i = 0; i < 20 && released() === 0; i += 1) {
      clock.advance(15_000);
      trimmer.activity(); // one scrape every 15 s
      await trimmer.settled();
    }
    expect(released()).toBe(1);
    await trimmer.close();
  });

  it('waits the minimum gap between releases and skips when the heap barely grew', async () => {
    const { clock, trimmer, released, setHeap } = halvingTrimmer();
    trimmer.activity();
    clock.advance(1_000);
    await trimmer.settled();
    await flush();
    expect(released()).toBe(1);

    setHeap(80); // grew by 30
    trimmer.activity();
    clock.advance(1_000);
    await flush();
    expect(released()).toBe(1); // too soon after the first release
    clock.advance(9_000);
    await trimmer.settled();
    await flush();
    expect(released()).toBe(2);

    setHeap(55); // grew by 5: not worth a full collection
    trimmer.activity();
    clock.advance(20_000);
    await flush();
    expect(released()).toBe(2);
    await trimmer.close();
  });

  it('stops trying when the release is unavailable, and close cancels the timer', async () => {
    const clock = manualClock(0);
    let attempts = 0;
    const trimmer = createIdleMemoryTrimmer({
      clock,
      idleMs: 1_000,
      minGapMs: 0,
      minGrowthBytes: 0,
      heapBytes: () => 100,
      release: async () => {
        attempts += 1;
        throw new Error('inspector not available');
      },
    });
    trimmer.activity();
    clock.advance(1_000);
    await trimmer.settled();
    await flush();
    trimmer.activity();
    clock.advance(5_000);
    await flush();
    expect(attempts).toBe(1);
    expect(trimmer.releases()).toBe(0);

    const other = createIdleMemoryTrimmer({ clock, idleMs: 1_000, release: async () => undefined });
    other.activity();
    expect(clock.pending()).toHaveLength(1);
    await other.close();
    expect(clock.pending()).toHaveLength(0);
  });

  it('the real release shrinks the young generation and leaves the process working', async () => {
    // Young garbage grows the new space; the low-memory collection gives it back.
    let keep: unknown[] = [];
    for (let i = 0; i < 200_000; i += 1) {
      keep.push({ i, s: `item ${i}` });
      if (keep.length > 1_000) {
        keep = [];
      }
    }
    const newSpace = () =>
      v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
    const before = newSpace();
    await releaseHeapMemory();
    expect(newSpace()).toBeLessThanOrEqual(before);
    // And again: a second session on the in-process inspector works as well.
    await releaseHeapMemory();
    expect(JSON.parse(JSON.stringify({ ok: keep.length >= 0 }))).toEqual({ ok: true });
  });
});

describe('idle memory release in the engine', () => {
  const gateways: Gateway[] = [];
  afterEach(async () => {
    await Promise.allSettled(gateways.splice(0).map((g) => g.close()));
  });

  it('releases memory once the gateway is quiet, and the next tool call still works', async () => {
    const releases: string[] = [];
    const logger: Logger = {
      debug: (msg) => {
        if (msg === 'released idle memory') {
          releases.push(msg);
        }
      },
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      child: () => logger,
    };
    const gw = await startGateway(
      { mem: nodeServer(MEMORY) },
      {},
      { logger, releaseIdleMemory: { idleMs: 100, minGapMs: 0, minGrowthBytes: 0 } },
    );
    gateways.push(gw);

    const call = async () => {
      const { client, close } = await gw.connect({ name: 'idle-test' });
      try {
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name)).toContain('mem__read_graph');
        return await client.callTool({ name: 'mem__read_graph', arguments: {} });
      } finally {
        await close();
      }
    };
    const first = await call();
    expect(first.isError).not.toBe(true);
    for (let i = 0; i < 200 && releases.length === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(releases.length).toBeGreaterThan(0);
    const second = await call();
    expect(second.isError).not.toBe(true);
    expect(second.content).toEqual(first.content);
  });
});
