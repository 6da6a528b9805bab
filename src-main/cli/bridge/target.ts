import { readFile, stat } from 'node:fs/promises';

import { findGateway, gatewayOrigin, noGatewayFound } from '../connection.js';
import { CliError } from '../output.js';

/** Where the stdio bridge connects, and the client token it sends there. */

/** A client token from its file; refused when other users could read it. */
export async function readClientTokenFile(
  file: string,
  platform: string = process.platform,
): Promise<string> {
  let text: string;
  try {
    if (platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) {
      throw new CliError(
        `${file} can be read by other users: run \`chmod 600 ${file}\` (or reconnect the client with \`mcp-gateway clients connect\`)`,
      );
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof CliError) {
      throw err;
    }
    throw new CliError(
      `cannot read the client token file ${file}: ${(err as Error).message}. Reconnect the client with \`mcp-gateway clients connect <client>\``,
    );
  }
  const token = text.trim();
  if (token.length === 0) {
    throw new CliError(
      `${file} holds no token: reconnect the client with \`mcp-gateway clients connect <client>\``,
    );
  }
  return token;
}

/** `…/mcp` and `…/mcp/<server>` stay as they are; any other gateway URL gets `/mcp`. */
export function mcpUrlOf(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/mcp(\/[^/]+)?$/.test(trimmed) ? trimmed : `${gatewayOrigin(trimmed)}/mcp`;
}

/** The MCP URL to bridge to: the one given, else the running gateway found through its runtime file. */
export async function bridgeUrl(url: string | undefined): Promise<string> {
  if (url !== undefined) {
    if (!/^https?:\/\//i.test(url)) {
      throw new CliError(`gateway URL "${url}" must start with http:// or https://`);
    }
    return mcpUrlOf(url);
  }
  // Only a gateway found (and proven) through the runtime file gets the client's token.
  const target = await findGateway(undefined);
  if (target.source === 'none') {
    throw noGatewayFound(target);
  }
  return `${target.baseUrl}/mcp`;
}
