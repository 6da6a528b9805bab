import { readFile, stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';

import {
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  ReadBuffer,
  serializeMessage,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';

import { errorText } from '../../src-shared/values.js';
import { createLogger } from '../engine/telemetry/index.js';
import type { Logger } from '../engine/types.js';
import { findGateway, gatewayOrigin, noGatewayFound } from './connection.js';
import { CliError } from './output.js';

/**
 * `mcp-gateway stdio`: a stdio MCP server for clients that can only start commands. Every
 * JSON-RPC message is forwarded unchanged to a running gateway's Streamable HTTP endpoint and
 * every message back is written to stdout — requests, notifications, server→client requests,
 * progress and cancellation alike, so nothing is lost in translation.
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

/** A client token from its file; refused when other users could read it. */
async function readClientTokenFile(file: string): Promise<string> {
  let text: string;
  try {
    if (process.platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) {
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

function mcpUrlOf(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/mcp(\/[^/]+)?$/.test(trimmed) ? trimmed : `${gatewayOrigin(trimmed)}/mcp`;
}

function isConnectionRefused(err: unknown): boolean {
  const text = `${String(err)} ${String((err as { cause?: unknown }).cause ?? '')}`;
  return /ECONNREFUSED|fetch failed|ENOTFOUND|EHOSTUNREACH|ECONNRESET/i.test(text);
}

/** Runs until stdin ends (the client went away), then ends the gateway session. */
export async function runStdioBridge(options: StdioBridgeOptions = {}): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const logger = options.logger ?? createLogger({ level: 'warn' });
  let url: string;
  let token = options.token;
  if (token === undefined && options.tokenFile !== undefined) {
    token = await readClientTokenFile(options.tokenFile);
  }
  if (options.url !== undefined) {
    if (!/^https?:\/\//i.test(options.url)) {
      throw new CliError(`gateway URL "${options.url}" must start with http:// or https://`);
    }
    url = mcpUrlOf(options.url);
  } else {
    // Only a gateway found (and proven) through the runtime file gets the client's token.
    const target = await findGateway(undefined);
    if (target.source === 'none') {
      throw noGatewayFound(target);
    }
    url = `${target.baseUrl}/mcp`;
  }

  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: token === undefined ? undefined : { headers: { authorization: `Bearer ${token}` } },
  });
  const initializeIds = new Set<string | number>();
  let failed: Error | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const write = (message: JSONRPCMessage) => {
    stdout.write(serializeMessage(message));
  };

  transport.onmessage = (message) => {
    // The transport must send the negotiated version on every later request.
    if (isJSONRPCResultResponse(message) && initializeIds.delete(message.id)) {
      const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
      if (typeof version === 'string') {
        transport.setProtocolVersion(version);
      }
    }
    write(message);
  };
  transport.onerror = (err) => logger.debug('gateway stream error', { err: err.message });
  await transport.start();

  const unreachable = () =>
    new CliError(
      `no gateway at ${url} — start it with \`mcp-gateway serve\` (or pass --url to reach another one)`,
    );

  const forward = (message: JSONRPCMessage) => {
    if (isJSONRPCRequest(message) && message.method === 'initialize') {
      initializeIds.add(message.id);
    }
    transport.send(message).catch((err: unknown) => {
      if (isConnectionRefused(err)) {
        failed ??= unreachable();
      } else {
        logger.warn('could not forward a message to the gateway', { err: errorText(err) });
      }
      if (isJSONRPCRequest(message)) {
        write({
          jsonrpc: '2.0',
          id: message.id,
          error: {
            code: -32603,
            message: failed?.message ?? `The gateway did not accept the request: ${errorText(err)}`,
          },
        });
      }
      if (failed !== undefined) {
        finish();
      }
    });
  };

  const buffer = new ReadBuffer();
  const onData = (chunk: Buffer) => {
    buffer.append(chunk);
    // Bounded by the chunk: each iteration consumes one complete line.
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = buffer.readMessage();
      } catch (err) {
        logger.warn('ignored a line on stdin that is not JSON-RPC', { err: errorText(err) });
        continue;
      }
      if (message === null) {
        break;
      }
      forward(message);
    }
  };
  stdin.on('data', onData);
  // StdioServerTransport ignores EOF; a bridge whose client is gone must end.
  stdin.once('end', () => finish());
  stdin.once('close', () => finish());
  stdin.resume();

  await done;
  stdin.off('data', onData);
  if (transport.sessionId !== undefined && failed === undefined) {
    await transport.terminateSession().catch(() => undefined);
  }
  await transport.close().catch(() => undefined);
  if (failed !== undefined) {
    throw failed;
  }
}
