import type { Writable } from 'node:stream';

import {
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  serializeMessage,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';

import { errorText } from '../../../src-shared/values.js';
import type { Logger } from '../../engine/types.js';
import { CliError } from '../output.js';

/**
 * The bridge's side of the gateway: one Streamable HTTP transport. Every message from the client
 * is forwarded unchanged and every message back is written to stdout; a gateway that refuses the
 * connection ends the bridge with an error that says how to start one.
 */
export interface GatewayLink {
  forward(message: JSONRPCMessage): void;
  /** Resolves when the bridge should end: the client went away (`finish`) or the gateway is gone. */
  done: Promise<void>;
  finish(): void;
  /** Ends the gateway session (unless the gateway is gone) and the transport; throws why it failed. */
  close(): Promise<void>;
}

export function isConnectionRefused(err: unknown): boolean {
  const text = `${String(err)} ${String((err as { cause?: unknown }).cause ?? '')}`;
  return /ECONNREFUSED|fetch failed|ENOTFOUND|EHOSTUNREACH|ECONNRESET/i.test(text);
}

export async function openGatewayLink(
  url: string,
  token: string | undefined,
  stdout: Writable,
  logger: Logger,
): Promise<GatewayLink> {
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

  const refused = () =>
    new CliError(
      `no gateway at ${url} — start it with \`mcp-gateway serve\` (or pass --url to reach another one)`,
    );

  const onSendError = (message: JSONRPCMessage, err: unknown) => {
    if (isConnectionRefused(err)) {
      failed ??= refused();
    } else {
      logger.warn('could not forward a message to the gateway', { err: errorText(err) });
    }
    if (isJSONRPCRequest(message)) {
      const text = failed?.message ?? `The gateway did not accept the request: ${errorText(err)}`;
      write({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: text } });
    }
    if (failed !== undefined) {
      finish();
    }
  };

  return {
    forward(message) {
      if (isJSONRPCRequest(message) && message.method === 'initialize') {
        initializeIds.add(message.id);
      }
      transport.send(message).catch((err: unknown) => onSendError(message, err));
    },
    done,
    finish: () => finish(),
    async close() {
      if (transport.sessionId !== undefined && failed === undefined) {
        await transport.terminateSession().catch(() => undefined);
      }
      await transport.close().catch(() => undefined);
      if (failed !== undefined) {
        throw failed;
      }
    },
  };
}
