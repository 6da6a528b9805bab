import type { Clock } from '../types.js';
import type { ClientIdentity } from './identity.js';

/** A token's request count in its current minute (kept on the token's one caller object). */
export interface RateWindow {
  windowStart: number;
  windowCount: number;
}

const WINDOW_MS = 60_000;

/**
 * The per-client rate limit (`requestsPerMinute` of the caller's profile), counted in fixed
 * one-minute windows on the token's caller object: 0 = go ahead, else the seconds to wait.
 * Anonymous callers and profiles without a limit are not counted.
 */
export function createThrottle(clock: Clock): (client: ClientIdentity) => number {
  return (client) => {
    const limit = client.profile.requestsPerMinute;
    if (limit === undefined || client.tokenId === undefined) {
      return 0;
    }
    const c = client as ClientIdentity & RateWindow;
    const now = clock.now();
    if (now - c.windowStart >= WINDOW_MS) {
      c.windowStart = now;
      c.windowCount = 0;
    }
    if (c.windowCount >= limit) {
      return Math.max(1, Math.ceil((c.windowStart + WINDOW_MS - now) / 1000));
    }
    c.windowCount += 1;
    return 0;
  };
}
