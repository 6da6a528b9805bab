import type { ChildProcess } from 'node:child_process';

import {
  type JSONRPCMessage,
  parseJSONRPCMessage,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  serializeMessage,
  STDIO_DEFAULT_MAX_BUFFER_SIZE,
  type Transport,
} from '@modelcontextprotocol/client';

import { isObject } from '../../../src-shared/values.js';
import type { AbortWatch } from '../call-abort.js';
import { createDeadlineSweep } from '../deadline-sweep.js';
import type { DirectRequester } from '../types.js';
import { isGroupAlive, type ProcessWatchdog, signalGroup } from './process-group.js';
import { type EarlyChild, spawnStdio } from './stdio-spawn.js';

type LogStream = 'stderr' | 'stdout' | 'gateway';
export type LogSink = (stream: LogStream, line: string) => void;

/** stderr/noise lines longer than this are cut, so one runaway line cannot flood the ring. */
export const MAX_LOG_LINE = 4_096;

export interface StdioChildOptions {
  file: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd?: string | undefined;
  windowsVerbatimArguments?: boolean;
  /** Each step of the stop ladder waits this long. */
  stopGraceMs: number;
  logSink: LogSink;
  watchdog?: ProcessWatchdog | undefined;
  /** How the command is shown in log lines (never includes env). */
  display: string;
  /** Takes over a child spawned early with this plan instead of spawning one (see stdio-spawn.ts). */
  adopt?: () => EarlyChild | undefined;
}

/** Ids of requests sent past the SDK's Protocol (see `request`); the Protocol's own ids are numbers. */
const DIRECT_PREFIX = 'gateway-direct-';
/** The time limits of direct requests, on every stdio connection of the process. */
const callLimits = createDeadlineSweep();

/** An AbortSignal seen as an AbortWatch (for callers that have only a signal). */
function watchSignal(signal: AbortSignal): AbortWatch {
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason as unknown;
    },
    onAbort(fn) {
      const listener = () => fn(signal.reason);
      signal.addEventListener('abort', listener, { once: true });
      return () => signal.removeEventListener('abort', listener);
    },
  };
}

interface DirectPending {
  resolve(result: Record<string, unknown>): void;
  reject(err: unknown): void;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

function truncate(line: string): string {
  return line.length <= MAX_LOG_LINE
    ? line
    : `${line.slice(0, MAX_LOG_LINE)}… [${line.length - MAX_LOG_LINE} more characters]`;
}

/**
 * Splits a byte stream into lines. Bytes are kept as Buffers until a newline arrives, so a
 * multi-byte character split across chunks decodes correctly.
 */
class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxBytes: number,
    private readonly onOverflow: (bytes: number) => void,
  ) {}
  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      let line: Buffer = chunk.subarray(start, nl);
      if (this.pending.length > 0) {
        line = Buffer.concat([...this.pending, line]);
        this.pending = [];
        this.pendingBytes = 0;
      }
      const text = line.toString('utf8');
      this.onLine(text.endsWith('\r') ? text.slice(0, -1) : text);
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pendingBytes += rest.length;
      if (this.pendingBytes > this.maxBytes) {
        this.onOverflow(this.pendingBytes);
        this.pending = [];
        this.pendingBytes = 0;
        return;
      }
      this.pending.push(rest);
    }
  }
  flush(): void {
    if (this.pending.length > 0) {
      const text = Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
      this.onLine(text);
    }
  }
}

/**
 * MCP stdio transport over a child process that leads its own process group. Unlike the SDK's
 * `StdioClientTransport` it stops the whole group (stdin close → SIGTERM → SIGKILL), keeps
 * stderr flowing into the log, and logs non-JSON stdout lines instead of dropping them.
 * Exposes `pid` and `stderr` so the SDK treats it as stdio when negotiating the era (a silent
 * probe means a legacy server, not an outage).
 */
export class StdioChildTransport implements Transport, DirectRequester {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  private child: ChildProcess | undefined;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private exited!: Promise<void>;
  private closing: Promise<void> | undefined;
  private closeFired = false;
  private readonly options: StdioChildOptions;
  /** Requests sent with `request`, answered here without the Protocol. */
  private readonly direct = new Map<string, DirectPending>();
  private directSeq = 0;
  /** Lines waiting for the next write: messages queued in one turn of the event loop go out in one write. */
  private outbox: string[] = [];
  private outboxWaiters: Array<{ written(): void; failed(err: Error): void }> = [];
  private flushScheduled = false;

  constructor(options: StdioChildOptions) {
    this.options = options;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The child's stderr stream (read by the transport itself; exposed for era detection). */
  get stderr(): NodeJS.ReadableStream | null {
    return this.child?.stderr ?? null;
  }

  /** "exited with code 1", "killed by SIGKILL", or undefined while running. */
  exitDescription(): string | undefined {
    if (this.exitInfo === undefined) {
      return undefined;
    }
    const { code, signal } = this.exitInfo;
    return signal !== null ? `killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
  }

  start(): Promise<void> {
    if (this.child !== undefined) {
      throw new Error('stdio transport already started');
    }
    const o = this.options;
    // A child the engine spawned before the SDK was loaded, if it was spawned with this plan.
    const early = o.adopt?.();
    const child = early?.child ?? spawnStdio(o);
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        o.logSink('gateway', `process ${child.pid ?? '?'} ${this.exitDescription() ?? 'exited'}`);
        resolve();
        // The leader is gone; stop whatever it left in its group, then report the close.
        void this.close();
      });
    });

    const stdout = new LineSplitter(
      (line) => this.onStdoutLine(line),
      STDIO_DEFAULT_MAX_BUFFER_SIZE,
      (bytes) => {
        this.onerror?.(
          new Error(`stdout line exceeded ${bytes} bytes without a newline; the server is misbehaving`),
        );
        void this.close();
      },
    );
    const stderr = new LineSplitter(
      (line) => o.logSink('stderr', truncate(line)),
      64 * MAX_LOG_LINE,
      (bytes) => o.logSink('stderr', `[${bytes} bytes without a newline dropped]`),
    );
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stdout?.on('end', () => stdout.flush());
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stderr?.on('end', () => stderr.flush());
    child.stdout?.on('error', (err) => this.onerror?.(err));
    child.stderr?.on('error', () => undefined);
    child.stdin?.on('error', (err) => {
      // EPIPE after the child died is reported through the exit, not as a second error.
      if ((err as NodeJS.ErrnoException).code !== 'EPIPE') {
        this.onerror?.(err);
      }
    });

    return new Promise((resolve, reject) => {
      child.once('spawn', () => {
        if (child.pid !== undefined) {
          o.watchdog?.register(child.pid);
        }
        o.logSink('gateway', `spawned pid ${child.pid ?? '?'}: ${o.display}`);
        resolve();
      });
      child.once('error', (err) => {
        this.onerror?.(err);
        reject(err);
        if (child.pid === undefined) {
          this.fireClose();
        }
      });
      early?.replay();
    });
  }

  private onStdoutLine(line: string): void {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('{')) {
      let message: JSONRPCMessage | undefined;
      try {
        const raw: unknown = JSON.parse(trimmed);
        if (this.direct.size > 0 && this.answerDirect(raw)) {
          return;
        }
        message = parseJSONRPCMessage(raw);
      } catch {
        message = undefined;
      }
      if (message !== undefined) {
        this.onmessage?.(message);
        return;
      }
    }
    if (trimmed.length > 0) {
      // stdout belongs to JSON-RPC; anything else is the server's stray output, kept for the user.
      this.options.logSink('stdout', truncate(line));
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (!this.writable()) {
      return Promise.reject(new SdkError(SdkErrorCode.NotConnected, 'Not connected'));
    }
    return new Promise((resolve, reject) =>
      this.enqueue(serializeMessage(message), { written: resolve, failed: reject }),
    );
  }

  /**
   * A request sent past the SDK's Protocol, for the gateway's hot path: the answer is matched
   * here by id, so a tools/call costs one JSON.parse on the way back instead of the Protocol's
   * schema checks, timers and handler maps. Only for requests that need nothing else from the
   * Protocol (no progress token); the server's requests and notifications during the call still
   * go through the Protocol as usual. Timeout and abort send notifications/cancelled as the SDK does.
   */
  request(
    method: string,
    params: Record<string, unknown>,
    options: { abort?: AbortWatch; signal?: AbortSignal; timeoutMs: number },
  ): Promise<Record<string, unknown>> {
    if (!this.writable()) {
      return Promise.reject(new SdkError(SdkErrorCode.NotConnected, 'Not connected'));
    }
    const abort = options.abort ?? (options.signal !== undefined ? watchSignal(options.signal) : undefined);
    if (abort?.aborted === true) {
      return Promise.reject(abort.reason);
    }
    const id = `${DIRECT_PREFIX}${++this.directSeq}`;
    return new Promise((resolve, reject) => {
      const done = () => {
        endWait();
        unwatch?.();
        this.direct.delete(id);
      };
      const cancel = (reason: string) => {
        if (this.writable()) {
          this.enqueue(
            serializeMessage({
              jsonrpc: '2.0',
              method: 'notifications/cancelled',
              params: { requestId: id, reason },
            }),
          );
        }
      };
      // One timer for every call's limit (see deadline-sweep.ts), not one per call.
      const endWait = callLimits.after(options.timeoutMs, () => {
        done();
        cancel('timed out');
        reject(
          new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out', { timeout: options.timeoutMs }),
        );
      });
      const unwatch = abort?.onAbort((reason) => {
        done();
        cancel(String(reason instanceof Error ? reason.message : (reason ?? 'aborted')));
        reject(reason);
      });
      this.direct.set(id, {
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      this.enqueue(serializeMessage({ jsonrpc: '2.0', id, method, params }), {
        written: () => undefined,
        failed: (err) => this.direct.get(id)?.reject(err),
      });
    });
  }

  /** An answer to a `request`: settle it (one microtask later, like the Protocol, so notifications sent just before it are delivered first). */
  private answerDirect(raw: unknown): boolean {
    if (!isObject(raw) || typeof raw['id'] !== 'string' || raw['method'] !== undefined) {
      return false;
    }
    const pending = this.direct.get(raw['id']);
    if (pending === undefined) {
      return false;
    }
    const error = raw['error'];
    const result = raw['result'];
    queueMicrotask(() => {
      if (isObject(error)) {
        pending.reject(
          ProtocolError.fromError(Number(error['code']), String(error['message'] ?? 'Error'), error['data']),
        );
      } else {
        pending.resolve(isObject(result) ? result : {});
      }
    });
    return true;
  }

  private writable(): boolean {
    const stdin = this.child?.stdin;
    return stdin !== undefined && stdin !== null && stdin.writable && this.closing === undefined;
  }

  private enqueue(line: string, waiter?: { written(): void; failed(err: Error): void }): void {
    this.outbox.push(line);
    if (waiter !== undefined) {
      this.outboxWaiters.push(waiter);
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const lines = this.outbox;
    const waiters = this.outboxWaiters;
    if (lines.length === 0) {
      return;
    }
    this.outbox = [];
    this.outboxWaiters = [];
    const stdin = this.child?.stdin;
    if (stdin === undefined || stdin === null || !stdin.writable) {
      // The pipe closed between queueing and writing: say so instead of reporting a send.
      const err = new SdkError(SdkErrorCode.NotConnected, 'Not connected');
      for (const w of waiters) {
        w.failed(err);
      }
      return;
    }
    const release = () => {
      for (const w of waiters) {
        w.written();
      }
    };
    if (stdin.write(lines.length === 1 ? (lines[0] as string) : lines.join(''))) {
      release();
    } else {
      stdin.once('drain', release);
    }
  };

  /** The stop ladder on the whole group: stdin close → SIGTERM → SIGKILL, each waiting the grace. */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    const child = this.child;
    const pgid = child?.pid;
    if (child === undefined || pgid === undefined) {
      this.fireClose();
      return;
    }
    const grace = this.options.stopGraceMs;
    const waitGroup = async (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        if (this.exitInfo !== undefined && !isGroupAlive(pgid)) {
          return true;
        }
        await sleep(Math.min(50, ms));
      }
      return this.exitInfo !== undefined && !isGroupAlive(pgid);
    };
    if (this.exitInfo === undefined) {
      // What was queued in this turn (e.g. cancellations of calls just aborted) goes out first.
      this.flush();
      child.stdin?.end();
      await Promise.race([this.exited, sleep(grace)]);
    }
    if (!(await waitGroup(0))) {
      signalGroup(pgid, 'SIGTERM');
      if (!(await waitGroup(grace))) {
        this.options.logSink('gateway', `process group ${pgid} ignored SIGTERM; sending SIGKILL`);
        signalGroup(pgid, 'SIGKILL');
        await waitGroup(grace);
      }
    }
    this.options.watchdog?.unregister(pgid);
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.stdin?.destroy();
    this.fireClose();
  }

  private fireClose(): void {
    for (const pending of [...this.direct.values()]) {
      pending.reject(new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed'));
    }
    if (!this.closeFired) {
      this.closeFired = true;
      this.onclose?.();
    }
  }
}
