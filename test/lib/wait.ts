/**
 * Polls until `check` gives a value (anything but undefined or false) and returns it; at most
 * `tries` × `everyMs`, then fails naming `what`. Every wait in the tests is bounded this way.
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  tries = 200,
  everyMs = 50,
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await check();
    if (v !== undefined && v !== false) {
      return v;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}
