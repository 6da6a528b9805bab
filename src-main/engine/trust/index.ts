/**
 * Tool trust: pins, the description scanner and the hold-back rule at the selection seam.
 * The catalog knows none of it: the engine wraps the selection policy with {@link Trust.wrap}.
 * Definition hashes are needed at start-up (the list cache keeps them); the rest loads with
 * {@link loadTrust}.
 */
export {
  bodyHash,
  canonicalJson,
  createDefinitionHashes,
  definitionHash,
  definitionText,
  pinnedDefinition,
} from './canonical.js';
export type { DefinitionHashes } from './canonical.js';
export { SCAN_RULES } from './rules.js';
export type { LengthRule, SameNameRule, ScanRule, ShadowingRule, TextRule } from './rules.js';
export { createScanner, toolTexts, visibleText } from './scanner.js';
export type { ListingTools, Scanner } from './scanner.js';
export { openPinStore, PIN_FILE } from './store.js';
export type { Pin, PinFile, PinStore, ServerPins } from './store.js';
export type { SelectPolicy, Trust, TrustDeps } from './trust.js';

/** Loads the hold-back rule (`createTrust`), which needs the context module's selection. */
export const loadTrust = () => import('./trust.js');
