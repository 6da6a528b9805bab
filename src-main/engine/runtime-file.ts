import { createHmac } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

import writeFileAtomic from 'write-file-atomic';

/**
 * `<dataDir>/gateway.json`: how the CLI, the stdio bridge and the desktop app find a running
 * gateway. Written when the gateway listens, removed when it stops. Holds no secret (the admin
 * token lives in its own owner-only file).
 */
export interface RuntimeInfo {
  url: string;
  host: string;
  port: number;
  pid: number;
  version: string;
  startedAt: number;
  configFile: string;
  /**
   * A random secret of this run, readable only by the owner (the file is 0600). The gateway
   * proves it knows it (`GET /.well-known/mcp-gateway?challenge=…`) before the CLI sends it the
   * admin token, so a process that took over the port after the gateway stopped gets nothing.
   */
  nonce?: string;
}

/** Where a gateway proves it is the one its runtime file describes. */
export const IDENTIFY_PATH = '/.well-known/mcp-gateway';

/** The proof for a challenge: HMAC-SHA256 keyed with the run's nonce (base64url). */
export function runtimeProof(nonce: string, challenge: string): string {
  return createHmac('sha256', nonce).update(challenge).digest('base64url');
}

const RUNTIME_FILE = 'gateway.json';

function runtimeFilePath(dataDir: string): string {
  return path.join(dataDir, RUNTIME_FILE);
}

export async function writeRuntimeFile(dataDir: string, info: RuntimeInfo): Promise<void> {
  await writeFileAtomic(runtimeFilePath(dataDir), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
}

/** The runtime file if it exists and its process is alive; stale files are ignored. */
export async function readRuntimeFile(dataDir: string): Promise<RuntimeInfo | undefined> {
  let info: RuntimeInfo;
  try {
    info = JSON.parse(await readFile(runtimeFilePath(dataDir), 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    // EPERM means the process exists but belongs to someone else: still running.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') {
      return undefined;
    }
  }
  return info;
}

/** Remove the runtime file if it is ours (another gateway may have replaced it). */
export async function removeRuntimeFile(dataDir: string, pid = process.pid): Promise<void> {
  const file = runtimeFilePath(dataDir);
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as RuntimeInfo;
    if (info.pid === pid) {
      await rm(file, { force: true });
    }
  } catch {
    // Already gone or unreadable: nothing to clean up.
  }
}
