import type { Disposable, Logger } from '../types.js';

/**
 * Process-level handlers for `serve` and the desktop app: a promise rejected with nobody to
 * catch it, or a throw from a callback, is logged and the gateway keeps serving. Node's default
 * (exit) would take every server and client down for one stray error, such as a config read
 * that failed after the watcher fired. The line says what happened so it can be reported.
 */
export function installProcessGuards(
  logger: Logger,
  proc: NodeJS.EventEmitter = process,
  streams: NodeJS.EventEmitter[] = [process.stdout, process.stderr],
): Disposable {
  const describe = (err: unknown) =>
    err instanceof Error
      ? { err: err.message, stack: err.stack?.split('\n').slice(1, 6).join(' | ') }
      : { err: String(err) };
  const onRejection = (reason: unknown) => {
    logger.error('unhandled promise rejection; the gateway keeps serving', describe(reason));
  };
  const onException = (err: unknown) => {
    logger.error('uncaught exception; the gateway keeps serving', describe(err));
  };
  // stdout and stderr whose reader went away (a parent that died, `serve | tee` with tee gone):
  // a write fails later with EPIPE as an 'error' event. Unhandled, that event is an uncaught
  // exception whose log line is one more write to the same dead stream, a loop that held a
  // core at 100 % and kept a stop signal from ending the gateway. Its clients reach it over
  // HTTP, so it keeps serving; the lines are dropped (the dashboard's log still has them).
  const onStreamError = () => undefined;
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  for (const s of streams) {
    s.on('error', onStreamError);
  }
  return {
    dispose() {
      proc.off('unhandledRejection', onRejection);
      proc.off('uncaughtException', onException);
      for (const s of streams) {
        s.off('error', onStreamError);
      }
    },
  };
}
