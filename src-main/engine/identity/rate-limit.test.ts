import { describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import type { ClientIdentity } from './identity.js';
import { compileProfile } from './profiles.js';
import { createThrottle } from './rate-limit.js';

function caller(tokenId: string | undefined, requestsPerMinute?: number): ClientIdentity {
  const profile = compileProfile(
    'p',
    requestsPerMinute === undefined ? {} : { rateLimit: { requestsPerMinute } },
  );
  return Object.assign({ tokenId, name: tokenId, profile }, { windowStart: 0, windowCount: 0 });
}

describe('rate limit per client', () => {
  it('lets a token make its requests per minute, then says how long to wait, then starts again', () => {
    const clock = manualClock(1_000_000);
    const throttle = createThrottle(clock);
    const chatty = caller('t1', 2);
    expect(throttle(chatty)).toBe(0);
    expect(throttle(chatty)).toBe(0);
    expect(throttle(chatty)).toBe(60);
    clock.advance(59_500);
    expect(throttle(chatty)).toBe(1);
    clock.advance(500);
    expect(throttle(chatty)).toBe(0);
  });

  it('counts each token on its own', () => {
    const throttle = createThrottle(manualClock());
    const a = caller('a', 1);
    const b = caller('b', 1);
    expect(throttle(a)).toBe(0);
    expect(throttle(b)).toBe(0);
    expect(throttle(a)).toBeGreaterThan(0);
  });

  it('counts neither anonymous callers nor profiles without a limit', () => {
    const throttle = createThrottle(manualClock());
    const anonymous = caller(undefined, 1);
    const unlimited = caller('t2');
    for (let i = 0; i < 5; i += 1) {
      expect(throttle(anonymous)).toBe(0);
      expect(throttle(unlimited)).toBe(0);
    }
  });
});
