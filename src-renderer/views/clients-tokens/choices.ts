/** Profiles a new token can get: those in the config, or `default` before they are loaded. */
export function newTokenProfiles(profiles: string[]): string[] {
  return profiles.length > 0 ? profiles : ['default'];
}

/** Profiles a token can move to: its own first (even when gone from the config), then the others. */
export function moveTargets(current: string, profiles: string[]): string[] {
  return [...new Set([current, ...profiles])];
}

/** The start of a new token, for the header example (the whole token is shown once, above it). */
export function tokenPrefix(token: string): string {
  return `${token.slice(0, 10)}…`;
}
