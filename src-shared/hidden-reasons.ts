/**
 * Why clients do not see a tool, in one place for the engine, the API contract and the UI.
 * - `disabled`, `denied`, `not-allowed`: the user's controls (the per-tool switch, deny and
 *   allow globs); such a tool cannot be called either.
 * - `budget`: left out to stay within a token budget; still callable.
 * - `held-back`: tool trust holds it until the user reviews it; calling it says so.
 * - `needs-tasks`: the tool only runs as a task, which the gateway cannot serve.
 * - `app-only`: an MCP App's tool the model does not see; callable, and listed on
 *   `/mcp/<server>` as the server lists it.
 */
export const HIDDEN_REASONS = [
  'disabled',
  'denied',
  'not-allowed',
  'budget',
  'held-back',
  'needs-tasks',
  'app-only',
] as const;

export type HiddenReason = (typeof HIDDEN_REASONS)[number];

/** Hidden by the user's controls: not listed and not callable. */
export const HIDDEN_BY_CONTROLS: ReadonlySet<HiddenReason> = new Set<HiddenReason>([
  'disabled',
  'denied',
  'not-allowed',
]);

/** Decided by the selection policy (controls and budgets), as opposed to by trust or the catalog. */
export const HIDDEN_BY_POLICY: ReadonlySet<HiddenReason> = new Set<HiddenReason>([
  ...HIDDEN_BY_CONTROLS,
  'budget',
]);
