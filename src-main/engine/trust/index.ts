/**
 * Tool trust: pins, the description scanner and the hold-back rule at the selection seam.
 * The catalog knows none of it: the engine wraps the selection policy with {@link Trust.wrap}.
 * Definition hashes are needed at start-up (the list cache keeps them); the rest loads with
 * {@link loadTrust}.
 */
export { createDefinitionHashes, definitionHash } from './canonical.js';
export { createScanner } from './scanner.js';
export type { Trust } from './trust.js';

/** Loads the hold-back rule (`createTrust`), which needs the context module's selection. */
export const loadTrust = () => import('./trust.js');
