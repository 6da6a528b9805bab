import { GatewayError } from '../../../src-shared/errors.js';
import type { Evaluated } from './evaluated.js';
import type { TrustState } from './trust-state.js';

/** A configured server's last evaluated listing, or an error that says what to do. */
export function evalsFor(state: TrustState, server: string): Map<string, Evaluated> {
  if (state.config.current().mcpServers[server] === undefined) {
    throw new GatewayError(
      'SERVER_NOT_FOUND',
      `There is no server named "${server}". List servers with \`mcp-gateway servers\`.`,
    );
  }
  const evals = state.latest.get(server);
  if (evals === undefined) {
    throw new GatewayError(
      'SERVER_NOT_RUNNING',
      `Server "${server}" has not listed its tools yet, so there is nothing to review. Start it and try again.`,
    );
  }
  return evals;
}

/** The named tools (each must be listed), or without names every tool `pick` accepts. */
export function targets(
  server: string,
  evals: Map<string, Evaluated>,
  names: string[] | undefined,
  pick: (e: Evaluated) => boolean,
): Evaluated[] {
  if (names === undefined) {
    return [...evals.values()].filter(pick);
  }
  const unknown = names.filter((n) => !evals.has(n));
  if (unknown.length > 0) {
    throw new GatewayError(
      'TOOL_NOT_FOUND',
      `Server "${server}" does not list ${unknown.map((n) => `"${n}"`).join(', ')}. See what waits for review with \`mcp-gateway tools review ${server}\`.`,
    );
  }
  return names.map((n) => evals.get(n) as Evaluated);
}
