/** Small checks on unknown values, shared so each rule has one home. */

/** A plain object (not null, not an array): what a JSON object parses to. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The text of a thrown value: an Error's message, anything else as a string. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
