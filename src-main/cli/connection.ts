import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { type ApiClient, createApiClient, GatewayUnreachableError } from '../../src-shared/api/client.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../src-shared/config.js';
import { defaultPaths } from '../engine/paths.js';
import { IDENTIFY_PATH, readRuntimeFile, type RuntimeInfo, runtimeProof } from '../engine/runtime-file.js';
import { ADMIN_TOKEN_FILE } from '../engine/security/index.js';
import { EXIT_UNREACHABLE } from './exit-codes.js';
import { CliError } from './output.js';

/**
 * How the CLI finds a running gateway: `--url` / MCP_GATEWAY_URL (the user's explicit choice),
 * else the runtime file the gateway writes when it listens. The admin token (MCP_GATEWAY_TOKEN or
 * the owner-only admin-token file) is only sent to an explicit URL or to a gateway that proved it
 * is the one in the runtime file (a challenge answered with the run's secret nonce), never to
 * whatever happens to listen on the default port.
 */

export interface GatewayTarget {
  baseUrl: string;
  /** The admin token, present only when it may be sent to `baseUrl`. */
  token: string | undefined;
  tokenFile: string;
  /** The runtime file of a gateway that proved it is listening at `baseUrl`. */
  runtime: RuntimeInfo | undefined;
  /** How `baseUrl` was found: `explicit` (--url, $MCP_GATEWAY_URL), `runtime`, or `none` (a guess, never trusted). */
  source: 'explicit' | 'runtime' | 'none';
  /** Where the runtime file was looked for. */
  dataDir: string;
}

/** `http://host:port/mcp` or `.../api/v1` → `http://host:port`. */
export function gatewayOrigin(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/(mcp|api\/v1|ui)$/, '');
}

/** Whether the gateway at `baseUrl` knows the runtime file's nonce (checked with a fresh challenge). */
async function provesRuntime(baseUrl: string, runtime: RuntimeInfo): Promise<boolean> {
  if (runtime.nonce === undefined) {
    return false;
  }
  const challenge = randomBytes(24).toString('base64url');
  try {
    const res = await fetch(`${baseUrl}${IDENTIFY_PATH}?challenge=${challenge}`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) {
      return false;
    }
    const body = (await res.json()) as { pid?: unknown; proof?: unknown };
    const expected = Buffer.from(runtimeProof(runtime.nonce, challenge));
    const proof = Buffer.from(typeof body.proof === 'string' ? body.proof : '');
    return body.pid === runtime.pid && proof.length === expected.length && timingSafeEqual(proof, expected);
  } catch {
    return false;
  }
}

export async function findGateway(
  urlOption: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GatewayTarget> {
  const paths = defaultPaths(env);
  const explicit = urlOption ?? (env.MCP_GATEWAY_URL?.trim() || undefined);
  let runtime = explicit === undefined ? await readRuntimeFile(paths.dataDir) : undefined;
  const raw = explicit ?? runtime?.url ?? `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;
  if (!/^https?:\/\//i.test(raw)) {
    throw new CliError(`gateway URL "${raw}" must start with http:// or https://`);
  }
  const baseUrl = gatewayOrigin(raw);
  if (runtime !== undefined && !(await provesRuntime(baseUrl, runtime))) {
    // Stale, or something else took the port: not our gateway, so it gets no token.
    runtime = undefined;
  }
  const source = explicit !== undefined ? 'explicit' : runtime !== undefined ? 'runtime' : 'none';
  const tokenFile = path.join(paths.dataDir, ADMIN_TOKEN_FILE);
  let token: string | undefined;
  if (source !== 'none') {
    token = env.MCP_GATEWAY_TOKEN?.trim() || undefined;
    if (token === undefined) {
      try {
        token = (await readFile(tokenFile, 'utf8')).trim() || undefined;
      } catch {
        token = undefined;
      }
    }
  }
  return { baseUrl, token, tokenFile, runtime, source, dataDir: paths.dataDir };
}

/** The error for "no gateway found": the CLI never guesses where one listens. */
export function noGatewayFound(target: GatewayTarget): CliError {
  return new CliError(
    `no running gateway found (no valid ${path.join(target.dataDir, 'gateway.json')}): start it with \`mcp-gateway serve\` or the desktop app, or pass --url (or set MCP_GATEWAY_URL) to reach another one`,
    EXIT_UNREACHABLE,
  );
}

const nodeFetch: Parameters<typeof createApiClient>[0]['fetch'] = (url, init) =>
  fetch(url, init as RequestInit) as unknown as ReturnType<Parameters<typeof createApiClient>[0]['fetch']>;

/** An API client for the gateway, or a clear error when no token can be found. */
export async function connect(urlOption: string | undefined): Promise<ApiClient> {
  const target = await findGateway(urlOption);
  if (target.source === 'none') {
    throw noGatewayFound(target);
  }
  if (target.token === undefined) {
    // Without a token, tell "nothing is running" apart from "cannot authenticate".
    try {
      await fetch(`${target.baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(5_000) });
    } catch (err) {
      throw new GatewayUnreachableError(target.baseUrl, err);
    }
    throw new CliError(
      `no admin token found (looked in ${target.tokenFile}): run this as the user who runs the gateway, or set MCP_GATEWAY_TOKEN`,
    );
  }
  return createApiClient({ baseUrl: target.baseUrl, token: target.token, fetch: nodeFetch });
}
