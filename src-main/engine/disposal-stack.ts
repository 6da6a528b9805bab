/**
 * One place that remembers what a start-up acquired (listeners, servers, children, timers,
 * watchers, files) and releases it in reverse order: on close, and when start-up fails half-way,
 * exactly what was acquired up to that point. Node 20 has no `AsyncDisposableStack`; this is the
 * same idea with two differences the engine needs: every disposer runs even when an earlier one
 * fails, and the failures come back together, each with the name of what it was releasing.
 */

/** Releases one resource. May be synchronous. */
export type Disposer = () => void | Promise<void>;

/** A disposer that failed, by the name it was registered under. */
export class DisposalError extends AggregateError {
  constructor(readonly failures: ReadonlyArray<{ name: string; error: unknown }>) {
    super(
      failures.map((f) => f.error),
      `could not release ${failures.map((f) => `${f.name} (${errorMessage(f.error)})`).join(', ')}`,
    );
    this.name = 'DisposalError';
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Something was acquired after its owner started to release everything; it was released at once. */
export class LateAcquisitionError extends Error {
  constructor(
    name: string,
    /** Settles once the late resource is released; rejects if releasing it failed. */
    readonly released: Promise<void>,
  ) {
    super(`${name} was acquired after its owner started to release everything, and was released at once`);
    this.name = 'LateAcquisitionError';
    // Whoever ignores `released` must not get an unhandled rejection for it.
    released.catch(() => undefined);
  }
}

function releaseNow(dispose: Disposer): Promise<void> {
  try {
    return Promise.resolve(dispose());
  } catch (err) {
    return Promise.reject(err);
  }
}

export class DisposalStack {
  private readonly entries: Array<{ name: string; dispose: Disposer }> = [];
  private disposing: Promise<void> | undefined;
  private started = false;

  /** Whether `dispose()` has been called (nothing may be added after that). */
  get disposed(): boolean {
    return this.started;
  }

  /**
   * Release with `dispose` when the stack is disposed (after everything added later). Once
   * disposal has started, the resource is released at once (it is already acquired: nothing may
   * escape) and a `LateAcquisitionError` is thrown; its `released` settles when that is done.
   */
  defer(name: string, dispose: Disposer): void {
    if (this.started) {
      throw new LateAcquisitionError(name, releaseNow(dispose));
    }
    this.entries.push({ name, dispose });
  }

  /** Adds `resource` with the way to release it, and returns it: `const x = stack.use('x', open(), (x) => x.close())`. */
  use<T>(name: string, resource: T, dispose: (resource: T) => void | Promise<void>): T {
    this.defer(name, () => dispose(resource));
    return resource;
  }

  /**
   * Runs every disposer once, newest first, each after the previous one settled. Rejects with a
   * `DisposalError` naming each one that failed, after all of them ran. Calling it again returns
   * the same promise.
   */
  dispose(): Promise<void> {
    // Set before the first disposer runs (it may run synchronously, before `run()` returns).
    this.started = true;
    this.disposing ??= this.run();
    return this.disposing;
  }

  private async run(): Promise<void> {
    const failures: Array<{ name: string; error: unknown }> = [];
    for (const { name, dispose } of this.entries.splice(0).reverse()) {
      try {
        await dispose();
      } catch (error) {
        failures.push({ name, error });
      }
    }
    if (failures.length > 0) {
      throw new DisposalError(failures);
    }
  }
}

/** `fn` run on the first call only; later calls return the first call's result. */
export function once<T>(fn: () => T): () => T {
  let done = false;
  let result: T;
  return () => {
    if (!done) {
      done = true;
      result = fn();
    }
    return result;
  };
}
