/** The address the gateway listens on now, from the API base the dashboard talks to. */
export function liveAddress(apiBase: string): string | undefined {
  try {
    const u = new URL(apiBase);
    return `${u.hostname}:${u.port}`;
  } catch {
    return undefined;
  }
}

/** What is wrong with the port as typed; undefined when it is empty or a port. */
export function portProblem(port: string): string | undefined {
  return port !== '' && !(/^\d+$/.test(port) && Number(port) <= 65_535)
    ? 'A port is a whole number from 0 to 65535 (0 picks a free one).'
    : undefined;
}

/**
 * The settings that wait for a restart: those the last change reported and those remembered for
 * this engine start (the engine says so only in the answer to a change), each once.
 */
export function pendingRestarts(reported: readonly string[], remembered: readonly string[]): string[] {
  return [...new Set([...reported, ...remembered])];
}
