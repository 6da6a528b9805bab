import { create } from 'zustand';

import type { ReviewItem } from '../../src-shared/api/trust.js';

interface TrustState {
  loaded: boolean;
  /** Tools waiting for review, all servers. */
  items: ReviewItem[];
  /** Held back per server (waiting and rejected). */
  held: Record<string, number>;
  /** Bumped on every `trust.changed` event, so views showing findings fetch again. */
  version: number;
}

export const useTrust = create<TrustState>(() => ({ loaded: false, items: [], held: {}, version: 0 }));

export function setReview(items: ReviewItem[], held: Record<string, number>): void {
  useTrust.setState((s) => ({ loaded: true, items, held, version: s.version + 1 }));
}
