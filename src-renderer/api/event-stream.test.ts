import { describe, expect, it } from 'vitest';

import { closedDetail, nextRetry, RETRY_MAX, RETRY_MIN } from './event-stream.js';

describe('event stream backoff', () => {
  it('waits 1.6 times longer after each failure, up to the cap', () => {
    expect(nextRetry(RETRY_MIN)).toBe(800);
    expect(nextRetry(800)).toBe(1280);
    let d = RETRY_MIN;
    for (let i = 0; i < 20; i++) {
      d = nextRetry(d);
    }
    expect(d).toBe(RETRY_MAX);
  });

  it('says why the stream ended', () => {
    expect(closedDetail(502)).toBe('The event stream answered 502.');
    expect(closedDetail(undefined)).toBe('The gateway is not answering.');
  });
});
