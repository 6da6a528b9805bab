import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import writeFileAtomic from 'write-file-atomic';

/** File name of the admin token inside the data folder. */
export const ADMIN_TOKEN_FILE = 'admin-token';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh random 256-bit token, base64url (43 characters). */
function generateAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

async function readToken(file: string): Promise<string | undefined> {
  try {
    const t = (await readFile(file, 'utf8')).trim();
    return TOKEN_PATTERN.test(t) ? t : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw err;
  }
}

/**
 * Read `<dataDir>/admin-token`, creating it (mode 0600) on first run. A file that is empty or
 * damaged is replaced. Permissions wider than 0600 are tightened, since anyone who can read the
 * token can start processes through the gateway.
 */
export async function loadOrCreateAdminToken(dataDir: string): Promise<string> {
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const existing = await readToken(file);
  if (existing !== undefined) {
    if (process.platform !== 'win32') {
      const st = await stat(file);
      if ((st.mode & 0o077) !== 0) {
        await chmod(file, 0o600);
      }
    }
    return existing;
  }
  const token = generateAdminToken();
  // Exclusive create: if another process won the race, use its token instead of overwriting it.
  try {
    const fh = await open(file, 'wx', 0o600);
    try {
      await fh.writeFile(token + '\n', 'utf8');
    } finally {
      await fh.close();
    }
    return token;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw err;
    }
  }
  const raced = await readToken(file);
  if (raced !== undefined) {
    return raced;
  }
  // The file exists but holds no valid token (damaged): replace it.
  const fh = await open(file, 'w', 0o600);
  try {
    await fh.writeFile(token + '\n', 'utf8');
  } finally {
    await fh.close();
  }
  await chmod(file, 0o600);
  return token;
}

/** Replace `<dataDir>/admin-token` with a fresh token (owner-only, atomic); returns the new one. */
export async function rotateAdminToken(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const token = generateAdminToken();
  await writeFileAtomic(path.join(dataDir, ADMIN_TOKEN_FILE), token + '\n', { mode: 0o600 });
  return token;
}

/** Compare a presented token with the real one in constant time (hashes make lengths equal). */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented.length === expected.length;
}

/** The token from an `Authorization: Bearer <token>` header, if that is what was sent. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
