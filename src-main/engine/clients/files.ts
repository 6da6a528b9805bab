import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

import writeFileAtomic from 'write-file-atomic';

/** What was on disk when a client file was read: the bytes every later decision is checked against. */
export interface FileSnapshot {
  /** The path the client uses (may be a symlink). */
  file: string;
  /** Where the bytes really live: symlinks resolved, so a dotfile-managed link stays a link. */
  realPath: string;
  exists: boolean;
  bytes: Buffer | undefined;
  sha256: string | undefined;
  /** Decoded text without a byte-order mark; undefined when missing or not UTF-8. */
  text: string | undefined;
  /** The file started with a UTF-8 byte-order mark (kept on write). */
  bom: boolean;
  /** Set when the bytes are not valid UTF-8. */
  decodeError: string | undefined;
  mtimeMs: number | undefined;
}

export function sha256(bytes: Buffer | Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isErrno(e: unknown, code: string): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === code;
}

/** Resolve symlinks, following a dangling link to the file it names. */
export async function resolveReal(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) {
      throw e;
    }
  }
  try {
    const st = await lstat(file);
    if (st.isSymbolicLink()) {
      const target = await readlink(file);
      return path.resolve(path.dirname(file), target);
    }
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) {
      throw e;
    }
  }
  // The file does not exist; its folder may still be a link.
  try {
    return path.join(await realpath(path.dirname(file)), path.basename(file));
  } catch {
    return file;
  }
}

// ignoreBOM keeps a byte-order mark in the text so it can be put back on write.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export async function readSnapshot(file: string): Promise<FileSnapshot> {
  const realPath = await resolveReal(file);
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    bytes = await readFile(realPath);
    mtimeMs = (await stat(realPath)).mtimeMs;
  } catch (e) {
    if (isErrno(e, 'ENOENT') || isErrno(e, 'ENOTDIR')) {
      return {
        file,
        realPath,
        exists: false,
        bytes: undefined,
        sha256: undefined,
        text: '',
        bom: false,
        decodeError: undefined,
        mtimeMs: undefined,
      };
    }
    throw e;
  }
  let text: string | undefined;
  let decodeError: string | undefined;
  try {
    text = decoder.decode(bytes);
  } catch {
    decodeError = 'the file is not UTF-8 text';
  }
  const bom = text !== undefined && text.startsWith('\uFEFF');
  return {
    file,
    realPath,
    exists: true,
    bytes,
    sha256: sha256(bytes),
    text: bom ? text?.slice(1) : text,
    bom,
    decodeError,
    mtimeMs,
  };
}

/** Current hash of a file (undefined when it does not exist). */
export async function currentHash(realPath: string): Promise<string | undefined> {
  try {
    return sha256(await readFile(realPath));
  } catch (e) {
    if (isErrno(e, 'ENOENT')) {
      return undefined;
    }
    throw e;
  }
}

/**
 * Write through a temp file and rename, keeping the existing file's mode and owner. New files are
 * private (0600): client configs often hold tokens.
 */
export async function writeAtomic(
  realPath: string,
  data: Buffer | string,
  options: { mode?: number } = {},
): Promise<void> {
  await mkdir(path.dirname(realPath), { recursive: true });
  let exists = true;
  try {
    await stat(realPath);
  } catch {
    exists = false;
  }
  await writeFileAtomic(realPath, data, { fsync: true, ...(exists ? {} : { mode: options.mode ?? 0o600 }) });
}

export function encodeText(text: string, bom: boolean): Buffer {
  return Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
}
