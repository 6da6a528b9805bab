import { describe, expect, it } from 'vitest';

import { createSerialQueue } from './serial-queue.js';

describe('serial queue', () => {
  it('runs one task after another, even after a failure, and tells when it is idle', async () => {
    const queue = createSerialQueue();
    const order: string[] = [];
    let release!: () => void;
    const first = queue.run(async () => {
      order.push('first starts');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('first ends');
      throw new Error('first failed');
    });
    const second = queue.run(async () => {
      order.push('second');
      return 2;
    });
    const idle = queue.idle().then(() => order.push('idle'));
    await Promise.resolve();
    expect(order).toEqual(['first starts']);
    release();
    await expect(first).rejects.toThrow('first failed');
    await expect(second).resolves.toBe(2);
    await idle;
    expect(order).toEqual(['first starts', 'first ends', 'second', 'idle']);
  });
});
