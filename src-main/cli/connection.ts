import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { type ApiClient, GatewayUnreachableError, createApiClient } from '../../src-shared/api/client.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../src-shared/config.js';
import { defaultPaths } from '../engine/paths.js';
import { type RuntimeInfo, readRuntimeFile } from '../engine/runtime-file.js';
import { ADMIN_TOKEN_FILE } from '../engine/security/admin-token.js';

import { CliError } from './output.js';

/**
 * How the CLI finds a running gateway: `--url` / MCP_GATEWAY_URL, else the runtime file the
 * gateway writes when it listens, else the default address. The token comes from
 * MCP_GATEWAY_TOKEN or the owner-only admin-token file in the data folder.
 */

export interface GatewayTarget {
  baseUrl: string;
  token: string | undefined;
  tokenFile: string;
  runtime: RuntimeInfo | undefined;
}

/** `http://host:port/mcp` or `.../api/v1` → `http://host:port`. */
export function gatewayOrigin(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/(mcp|api\/v1|ui)$/, '');
}

export async function findGateway(
  urlOption: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GatewayTarget> {
  const paths = defaultPaths(env);
  const runtime = await readRuntimeFile(paths.dataDir);
  const raw = urlOption ?? env.MCP_GATEWAY_URL ?? runtime?.url ?? `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;
  if (!/^https?:\/\//i.test(raw)) {
    throw new CliError(`gateway URL "${raw}" must start with http:// or https://`);
  }
  const tokenFile = path.join(paths.dataDir, ADMIN_TOKEN_FILE);
  let token = env.MCP_GATEWAY_TOKEN?.trim() || undefined;
  if (token === undefined) {
    try {
      token = (await readFile(tokenFile, 'utf8')).trim() || undefined;
    } catch {
      token = undefined;
    }
  }
  return { baseUrl: gatewayOrigin(raw), token, tokenFile, runtime };
}

const nodeFetch: Parameters<typeof createApiClient>[0]['fetch'] = (url, init) =>
  fetch(url, init as RequestInit) as unknown as ReturnType<Parameters<typeof createApiClient>[0]['fetch']>;

/** An API client for the gateway, or a clear error when no token can be found. */
export async function connect(urlOption: string | undefined): Promise<ApiClient> {
  const target = await findGateway(urlOption);
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
