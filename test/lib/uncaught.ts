/**
 * The next uncaught exception, taken from the process's own handlers (and vitest's) until it
 * comes: for code that reports a callback's throw as uncaught, as timers and AbortSignal do.
 */
export function nextUncaught(): Promise<unknown> {
  return new Promise<unknown>((resolve) => {
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.once('uncaughtException', (err) => {
      for (const l of listeners) {
        process.on('uncaughtException', l);
      }
      resolve(err);
    });
  });
}
