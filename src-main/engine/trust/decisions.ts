import type { TrustDecision } from '../../../src-shared/api/trust.js';
import { GatewayError } from '../../../src-shared/errors.js';
import { pinnedDefinition } from './canonical.js';
import { type Evaluated, heldCount } from './evaluated.js';
import { evalsFor, targets } from './targets.js';
import type { TrustState } from './trust-state.js';

/** Tells the listeners (clients must be shown a new selection) and the event bus. */
function decided(state: TrustState, server: string, reason: 'approved' | 'rejected'): void {
  for (const l of state.listeners) {
    try {
      l();
    } catch (err) {
      state.logger.error('trust listener failed', { err: String(err) });
    }
  }
  const held = heldCount(state.latest.get(server));
  state.bus.emit({ type: 'trust.changed', at: state.clock.now(), server, held, newlyHeld: [], reason });
}

/** A switch the user set on the old name keeps its meaning under the new one. */
async function carrySwitches(state: TrustState, server: string, chosen: Evaluated[]): Promise<Evaluated[]> {
  const disabled = new Set(state.config.current().mcpServers[server]?.tools?.disabled ?? []);
  const carried = chosen.filter(
    (e) => e.renamedFrom !== undefined && disabled.has(e.renamedFrom) && !disabled.has(e.tool.name),
  );
  if (carried.length > 0) {
    await state.config.update((draft) => {
      const s = draft.mcpServers[server];
      if (s !== undefined) {
        s.tools = {
          ...(s.tools ?? {}),
          disabled: [...(s.tools?.disabled ?? []), ...carried.map((e) => e.tool.name)],
        };
      }
    }, 'api');
  }
  return carried;
}

function approvedMessage(server: string, names: string[], carried: Evaluated[]): string {
  return names.length === 0
    ? `Nothing of server "${server}" was waiting for review.`
    : `Approved ${names.length} tool(s) of "${server}"; clients see them now.` +
        (carried.length > 0
          ? ` Kept switched off under the new name: ${carried.map((e) => e.tool.name).join(', ')}.`
          : '');
}

/** Pins the listed definitions of these tools (default: every held-back tool of the server). */
export async function approve(state: TrustState, server: string, names?: string[]): Promise<TrustDecision> {
  const chosen = targets(server, evalsFor(state, server), names, (e) => e.held);
  const rec = state.store.ensure(server);
  const now = state.clock.now();
  rec.approvedAt ??= now;
  for (const e of chosen) {
    rec.tools[e.tool.name] = {
      hash: e.hash,
      definition: pinnedDefinition(e.tool),
      approvedAt: now,
      by: 'user',
    };
    delete rec.rejected[e.tool.name];
  }
  state.save();
  const carried = await carrySwitches(state, server, chosen);
  decided(state, server, 'approved');
  const approved = chosen.map((e) => e.tool.name);
  state.logger.info('tools approved', { server, tools: approved });
  return {
    server,
    tools: approved,
    ...(carried.length > 0 ? { carried: carried.map((e) => `${e.renamedFrom ?? ''} → ${e.tool.name}`) } : {}),
    message: approvedMessage(server, approved, carried),
  };
}

/** Keeps these tools hidden until they change (default: every tool waiting for review). */
export async function reject(state: TrustState, server: string, names?: string[]): Promise<TrustDecision> {
  const evals = evalsFor(state, server);
  const chosen = targets(server, evals, names, (e) => e.held && e.status !== 'rejected');
  const notHeld = chosen.filter((e) => !e.held).map((e) => e.tool.name);
  if (notHeld.length > 0) {
    throw new GatewayError(
      'BAD_REQUEST',
      `${notHeld.map((n) => `"${n}"`).join(', ')} of server "${server}" ${notHeld.length === 1 ? 'is' : 'are'} approved, not waiting for review. Switch a tool off with \`mcp-gateway tools disable\` instead.`,
    );
  }
  const rec = state.store.ensure(server);
  for (const e of chosen) {
    rec.rejected[e.tool.name] = e.hash;
    e.status = 'rejected';
  }
  state.save();
  decided(state, server, 'rejected');
  const rejected = chosen.map((e) => e.tool.name);
  state.logger.info('tools rejected', { server, tools: rejected });
  return {
    server,
    tools: rejected,
    message:
      rejected.length === 0
        ? `Nothing of server "${server}" was waiting for review.`
        : `Rejected ${rejected.length} tool(s) of "${server}"; they stay hidden until the server changes them.`,
  };
}
