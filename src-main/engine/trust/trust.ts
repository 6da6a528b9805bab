import type { ReviewList, ServerTrust, TrustDecision } from '../../../src-shared/api/trust.js';
import type { Disposable } from '../types.js';
import { approve, reject } from './decisions.js';
import { evaluateListing } from './evaluate.js';
import { type SelectPolicy, wrapSelection } from './held-selection.js';
import { reviewList, serverTrust } from './review.js';
import { createTrustState, type TrustDeps } from './trust-state.js';

export type { SelectPolicy } from './held-selection.js';
export type { TrustDeps } from './trust-state.js';

export interface Trust {
  /**
   * Put trust in front of a selection policy: held-back tools never reach it (they take no
   * budget) and come out hidden as `held-back`, in their listing position.
   */
  wrap(select: SelectPolicy): SelectPolicy;
  /** One server's mode and its tools' status; undefined for a server that is not configured. */
  server(server: string): ServerTrust | undefined;
  /** Tools waiting for a decision, with diffs. */
  review(server?: string): ReviewList;
  /** Pin the listed definitions of these tools (default: every held-back tool of the server). */
  approve(server: string, tools?: string[]): Promise<TrustDecision>;
  /** Keep these tools hidden until they change (default: every tool waiting for review). */
  reject(server: string, tools?: string[]): Promise<TrustDecision>;
  /** Fires after an approval or rejection: what clients see must be selected again. */
  onChange(listener: () => void): Disposable;
  close(): void;
}

/**
 * Tool trust: pins each approved tool's whole definition (hash + copy, `<dataDir>/tool-approvals*.json`),
 * scans every listing, and holds back what changed, what is new and what the scanner flags as
 * high severity, per the server's `trust` mode.
 *
 * A server's first listing after it was added (or, for servers configured before pins existed,
 * its first listing at all) is what adding it approved: it is pinned as it stands, except tools
 * flagged high, and except in `everything-new` mode, where nothing is approved by adding.
 */
export function createTrust(deps: TrustDeps): Trust {
  const state = createTrustState(deps);
  // Adding a server approves its next listing; removing it drops its pins.
  const sub = state.config.onChange((next, prev) => {
    for (const name of Object.keys(prev.mcpServers)) {
      if (!(name in next.mcpServers)) {
        state.forget(name);
      }
    }
    for (const name of Object.keys(next.mcpServers)) {
      if (!(name in prev.mcpServers)) {
        state.forget(name);
      }
    }
  });
  return {
    wrap: (select) => wrapSelection(state.latest, (perServer) => evaluateListing(state, perServer), select),
    server: (server) => serverTrust(state, server),
    review: (only) => reviewList(state, only),
    approve: (server, names) => approve(state, server, names),
    reject: (server, names) => reject(state, server, names),
    onChange(listener) {
      state.listeners.add(listener);
      return { dispose: () => state.listeners.delete(listener) };
    },
    close() {
      sub.dispose();
      state.listeners.clear();
    },
  };
}
