import type { LogSink } from './stdio-transport.js';

/** Stderr lines kept for the error of a failed start: the last few explain most of them. */
const TAIL_LINES = 5;

/**
 * What one start of a server said: every line goes on to the server's log, the last stderr
 * lines and how the last stdio child ended are kept for the error message of a failed start.
 */
export interface StartLog {
  /** The sink a transport writes to (and the gateway's own lines about this start). */
  readonly sink: LogSink;
  /** The last stderr lines, oldest first. */
  readonly tail: readonly string[];
  /** How the last stdio child ended, if one did. */
  lastExit: string | undefined;
  /** Forget the stderr lines so far (a fresh child is started). */
  clearTail(): void;
}

export function createStartLog(sink: LogSink = () => undefined): StartLog {
  const tail: string[] = [];
  return {
    tail,
    lastExit: undefined,
    sink(stream, line) {
      if (stream === 'stderr') {
        tail.push(line);
        if (tail.length > TAIL_LINES) {
          tail.shift();
        }
      }
      sink(stream, line);
    },
    clearTail() {
      tail.length = 0;
    },
  };
}
