/**
 * What a part that waits on a call needs to know of its cancellation: whether and why it was
 * cancelled, and a hook that runs once when it is. A plain function list: no EventTarget.
 */
export interface AbortWatch {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** Runs `fn` once when the call is cancelled (at once when it already is); returns the remover. */
  onAbort(fn: (reason: unknown) => void): () => void;
}

/**
 * One call's cancellation, with an AbortSignal made only when something asks for one. Node's
 * AbortController is an EventTarget: making one and adding and removing a listener costs several
 * microseconds, and the gateway's hot path did that for every tools/call, though most calls are
 * never cancelled and a direct request to a stdio server only needs `onAbort`. The SDK's paths,
 * the client asks and a wake of a sleeping server read `signal` and get a real one, aborted with
 * the same reason, in the same turn as the hooks.
 */
export class CallAbort implements AbortWatch {
  private controller: AbortController | undefined;
  private hooks: Array<(reason: unknown) => void> | undefined;
  private abortedWith: { reason: unknown } | undefined;

  get aborted(): boolean {
    return this.abortedWith !== undefined;
  }

  get reason(): unknown {
    return this.abortedWith?.reason;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortedWith !== undefined) {
        this.controller.abort(this.abortedWith.reason);
      }
    }
    return this.controller.signal;
  }

  onAbort(fn: (reason: unknown) => void): () => void {
    if (this.abortedWith !== undefined) {
      fn(this.abortedWith.reason);
      return noop;
    }
    (this.hooks ??= []).push(fn);
    return () => {
      const i = this.hooks?.indexOf(fn) ?? -1;
      if (i !== -1) {
        this.hooks?.splice(i, 1);
      }
    };
  }

  /** Cancel the call: the hooks run in the order they were added, then the signal (if made) aborts. */
  abort(reason?: unknown): void {
    if (this.abortedWith !== undefined) {
      return;
    }
    // The reason AbortController.abort() gives when none is passed.
    const why = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    this.abortedWith = { reason: why };
    const hooks = this.hooks;
    this.hooks = undefined;
    for (const fn of hooks ?? []) {
      try {
        fn(why);
      } catch (err) {
        // As an AbortSignal listener's: reported as uncaught, never stopping the other hooks.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
    this.controller?.abort(why);
  }
}

function noop(): void {}
