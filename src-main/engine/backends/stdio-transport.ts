import { type ChildProcess, spawn } from 'node:child_process';

import {
  deserializeMessage,
  type JSONRPCMessage,
  SdkError,
  SdkErrorCode,
  serializeMessage,
  STDIO_DEFAULT_MAX_BUFFER_SIZE,
  type Transport,
} from '@modelcontextprotocol/client';

import { isGroupAlive, type ProcessWatchdog, signalGroup } from './process-group.js';

export type LogStream = 'stderr' | 'stdout' | 'gateway';
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
export class StdioChildTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;

  private child: ChildProcess | undefined;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private exited!: Promise<void>;
  private closing: Promise<void> | undefined;
  private closeFired = false;
  private readonly options: StdioChildOptions;

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
    const child = spawn(o.file, [...o.args], {
      env: o.env,
      cwd: o.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
      windowsVerbatimArguments: o.windowsVerbatimArguments ?? false,
      shell: false,
    });
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
    });
  }

  private onStdoutLine(line: string): void {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('{')) {
      let message: JSONRPCMessage | undefined;
      try {
        message = deserializeMessage(trimmed);
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
    const stdin = this.child?.stdin;
    if (stdin === undefined || stdin === null || !stdin.writable || this.closing !== undefined) {
      return Promise.reject(new SdkError(SdkErrorCode.NotConnected, 'Not connected'));
    }
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) {
        resolve();
      } else {
        stdin.once('drain', () => resolve());
      }
    });
  }

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
    if (!this.closeFired) {
      this.closeFired = true;
      this.onclose?.();
    }
  }
}
