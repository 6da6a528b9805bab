import { createTwoFilesPatch } from 'diff';

import type { ReviewItem, ReviewList, ServerTrust } from '../../../src-shared/api/trust.js';
import { definitionText, pinnedDefinition } from './canonical.js';
import { type Evaluated, toolTrust } from './evaluated.js';
import type { PinStore } from './store.js';
import type { TrustState } from './trust-state.js';

/** One tool waiting for review: the approved and the listed definition, and their diffs. */
export function reviewItem(store: PinStore, server: string, e: Evaluated): ReviewItem {
  const rec = store.get(server);
  const approved =
    rec?.tools[e.tool.name] ?? (e.renamedFrom !== undefined ? rec?.tools[e.renamedFrom] : undefined);
  const after = definitionText(e.tool);
  const before = approved === undefined ? undefined : definitionText(approved.definition);
  const patch = (what: string, a: string, b: string) =>
    before === undefined
      ? ''
      : createTwoFilesPatch(`${what} (approved)`, `${what} (now)`, a, b, '', '', { context: 3 });
  return {
    ...toolTrust(server, e),
    ...(before !== undefined ? { before } : {}),
    after,
    diff: {
      description: patch('description', `${before?.description ?? ''}\n`, `${after.description}\n`),
      schema: patch('schema', `${before?.schema ?? ''}\n`, `${after.schema}\n`),
    },
    definition: pinnedDefinition(e.tool),
  };
}

/** The tools waiting for a decision (of one server, or all), and how many each server holds back. */
export function reviewList(state: TrustState, only: string | undefined): ReviewList {
  const items: ReviewItem[] = [];
  const held: Record<string, number> = {};
  for (const server of Object.keys(state.config.current().mcpServers)) {
    if (only !== undefined && server !== only) {
      continue;
    }
    const evals = [...(state.latest.get(server)?.values() ?? [])];
    const count = evals.filter((e) => e.held).length;
    if (count > 0) {
      held[server] = count;
    }
    for (const e of evals) {
      if (e.held && e.status !== 'rejected') {
        items.push(reviewItem(state.store, server, e));
      }
    }
  }
  return { items, held };
}

/** One server's mode and its tools' status; undefined for a server that is not configured. */
export function serverTrust(state: TrustState, server: string): ServerTrust | undefined {
  if (state.config.current().mcpServers[server] === undefined) {
    return undefined;
  }
  const rec = state.store.get(server);
  return {
    server,
    mode: state.modeOf(server),
    ...(rec?.approvedAt !== undefined ? { approvedAt: rec.approvedAt } : {}),
    tools: [...(state.latest.get(server)?.values() ?? [])].map((e) => toolTrust(server, e)),
  };
}
