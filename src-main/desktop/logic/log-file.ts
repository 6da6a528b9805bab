/**
 * The desktop app's own log file: an app started from the Dock or a launcher has no terminal,
 * so its log lines (already redacted by the engine's logger) also go to `<logs>/main.log`. The
 * previous file is kept as `main.log.1` once it would grow past `maxBytes`, so the log stays
 * bounded. Writes are synchronous appends: a line is on disk even if the app then crashes.
 */
import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

import { createLogTrouble } from './log-trouble.js';

export interface LogFile {
  readonly path: string;
  write(line: string): void;
  close(): void;
}

const LOG_FILE_NAME = 'main.log';

/**
 * Open (or create) the log file. Writing never throws: a full disk, a file that cannot be
 * rotated or a folder that went away drops lines (the logger must not take the app down with
 * it); `onTrouble` hears once per episode, and writing resumes by itself when the disk does.
 */
export function openLogFile(
  dir: string,
  maxBytes = 5_000_000,
  onTrouble: (note: string) => void = (note) => {
    try {
      process.stderr.write(`${note}\n`);
    } catch {
      // stderr itself is gone: nothing left to tell.
    }
  },
): LogFile {
  const file = path.join(dir, LOG_FILE_NAME);
  let size = 0;
  const trouble = createLogTrouble(file, onTrouble);
  const rotate = (): void => {
    renameSync(file, `${file}.1`);
    size = 0;
  };
  let fd: number | undefined;
  try {
    mkdirSync(dir, { recursive: true });
    try {
      size = statSync(file).size;
    } catch {
      size = 0;
    }
    if (size > maxBytes) {
      rotate();
    }
    fd = openSync(file, 'a', 0o600);
  } catch (err) {
    trouble.dropped('open', err);
  }
  let closed = false;
  return {
    path: file,
    write(line) {
      if (closed) {
        return;
      }
      const text = `${line}\n`;
      const bytes = Buffer.byteLength(text);
      try {
        // A long-running app rotates while it runs too, before the line that would overflow.
        if (fd !== undefined && size > 0 && size + bytes > maxBytes) {
          closeSync(fd);
          fd = undefined;
          try {
            rotate();
          } catch (err) {
            // Keep appending to the same file rather than losing lines; try again next time.
            trouble.rotateFailed(err);
          }
        }
        fd ??= openSync(file, 'a', 0o600);
        writeSync(fd, text);
        size += bytes;
        const lost = trouble.recovered();
        if (lost !== undefined) {
          writeSync(fd, `log file writable again; ${lost} line(s) were dropped\n`);
        }
      } catch (err) {
        trouble.dropped('write', err);
      }
    },
    close() {
      closed = true;
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // Closing a file on a failed disk: nothing to do.
        }
        fd = undefined;
      }
    },
  };
}
