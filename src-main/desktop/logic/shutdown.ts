/**
 * How the desktop app lets go of what it started: on quit (menu, OS, signal) and when start-up
 * fails half-way, the same disposal stack is released (the engine, and with it every server it
 * spawned, last), once. Plain code with the Electron calls passed in, so it is unit-tested.
 */
import type { DisposalStack } from '../../engine/disposal-stack.js';

/** The part of Electron's `app` this needs. */
export interface QuitHost {
  /** Electron's 'before-quit': calling `preventDefault()` keeps the app running. */
  onBeforeQuit(listener: (event: { preventDefault(): void }) => void): void;
  quit(): void;
  exit(code: number): void;
}

export interface ShutdownOptions {
  stack: DisposalStack;
  host: QuitHost;
  logger: { error(message: string, fields?: Record<string, unknown>): void };
  /** Runs once, after everything was released (e.g. closes the log file). */
  onReleased?: () => void;
  /** The last resort if a release hangs: exit with code 1 after this long. */
  forceAfterMs?: number;
  /** Where termination signals arrive (the process, unless a test passes its own). */
  signals?: { once(signal: NodeJS.Signals, listener: () => void): unknown };
}

export interface Shutdown {
  /**
   * Start-up failed: release what was acquired so far, then `tell` the user and exit with code 1
   * (unless a quit was already under way: that quit then ends the app).
   */
  fail(tell?: () => void): Promise<void>;
}

/**
 * Install before anything is put on `stack`: a quit or a signal during start-up then releases
 * what was acquired so far instead of leaving the engine's children running.
 */
export function installShutdown(options: ShutdownOptions): Shutdown {
  const { stack, host, logger } = options;
  let phase: 'running' | 'closing' | 'closed' = 'running';
  let releasing: Promise<void> | undefined;
  const release = (): Promise<void> => {
    phase = 'closing';
    releasing ??= (async () => {
      const force = setTimeout(() => host.exit(1), options.forceAfterMs ?? 30_000);
      try {
        await stack.dispose();
      } catch (err) {
        logger.error('shutdown was not clean', { err: err instanceof Error ? err.message : String(err) });
      } finally {
        clearTimeout(force);
        phase = 'closed';
        options.onReleased?.();
      }
    })();
    return releasing;
  };
  host.onBeforeQuit((event) => {
    if (phase === 'closed') {
      return;
    }
    event.preventDefault();
    if (phase === 'running') {
      // Quit again once released, now for real: `quit` handlers (e.g. install an update) still run.
      void release().then(() => host.quit());
    }
  });
  const signals = options.signals ?? process;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    signals.once(signal, () => host.quit());
  }
  return {
    async fail(tell) {
      // A quit already under way (e.g. the error is that the engine arrived after it) just ends.
      const quitting = phase !== 'running';
      await release();
      if (quitting) {
        return;
      }
      tell?.();
      host.exit(1);
    },
  };
}
