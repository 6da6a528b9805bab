import type { Readable, Writable } from 'node:stream';

import { createLogger } from '../engine/telemetry/index.js';
import type { Logger } from '../engine/types.js';
import { openGatewayLink } from './bridge/gateway-link.js';
import { readMessages } from './bridge/stdin-reader.js';
import { bridgeUrl, readClientTokenFile } from './bridge/target.js';

/**
 * `mcp-gateway stdio`: a stdio MCP server for clients that can only start commands. Every
 * JSON-RPC message is forwarded unchanged to a running gateway's Streamable HTTP endpoint and
 * every message back is written to stdout — requests, notifications, server→client requests,
 * progress and cancellation alike, so nothing is lost in translation. The parts are in `bridge/`:
 * where to connect and with which token, the gateway's side, and reading stdin.
 */
export interface StdioBridgeOptions {
  /** The gateway's MCP URL (`http://127.0.0.1:7411/mcp`, or `/mcp/<server>`); a base URL gets `/mcp`. */
  url?: string;
  /**
   * File holding this client's token (owner-only; `clients connect` writes it). The token is read
   * from a file, never taken from the command line, where every local user could read it.
   */
  tokenFile?: string;
  /** The client token itself, for callers in this process (tests, embedding). */
  token?: string;
  stdin?: Readable;
  stdout?: Writable;
  /** Diagnostics go here (stderr by default: stdout belongs to MCP). */
  logger?: Logger;
}

/** Runs until stdin ends (the client went away), then ends the gateway session. */
export async function runStdioBridge(options: StdioBridgeOptions = {}): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const logger = options.logger ?? createLogger({ level: 'warn' });
  let token = options.token;
  if (token === undefined && options.tokenFile !== undefined) {
    token = await readClientTokenFile(options.tokenFile);
  }
  const url = await bridgeUrl(options.url);
  const link = await openGatewayLink(url, token, stdout, logger);
  const stopReading = readMessages(stdin, (m) => link.forward(m), link.finish, logger);
  await link.done;
  stopReading();
  await link.close();
}
