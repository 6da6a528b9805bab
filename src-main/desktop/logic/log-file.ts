/**
 * The desktop app's own log file: an app started from the Dock or a launcher has no terminal,
 * so its log lines (already redacted by the engine's logger) also go to `<logs>/main.log`. The
 * previous file is kept as `main.log.1` once it would grow past `maxBytes`, so the log stays
 * bounded. Writes are synchronous appends: a line is on disk even if the app then crashes.
 */
import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface LogFile {
  readonly path: string;
  write(line: string): void;
  close(): void;
}

export const LOG_FILE_NAME = 'main.log';

export function openLogFile(dir: string, maxBytes = 5_000_000): LogFile {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOG_FILE_NAME);
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    size = 0;
  }
  const rotate = (): void => {
    renameSync(file, `${file}.1`);
    size = 0;
  };
  if (size > maxBytes) {
    rotate();
  }
  let fd: number | undefined = openSync(file, 'a', 0o600);
  return {
    path: file,
    write(line) {
      if (fd === undefined) {
        return;
      }
      const text = `${line}\n`;
      const bytes = Buffer.byteLength(text);
      // A long-running app rotates while it runs too, before the line that would overflow.
      if (size > 0 && size + bytes > maxBytes) {
        closeSync(fd);
        rotate();
        fd = openSync(file, 'a', 0o600);
      }
      writeSync(fd, text);
      size += bytes;
    },
    close() {
      if (fd !== undefined) {
        closeSync(fd);
        fd = undefined;
      }
    },
  };
}
