import { type Client, StreamableHTTPClientTransport, type Transport } from '@modelcontextprotocol/client';

import type { BackendConnection, BackendEra } from '../types.js';
import type { LogSink } from './stdio-transport.js';
import { StdioChildTransport } from './stdio-transport.js';

/**
 * A live connection as the supervisor holds it: what the server said at the handshake, the
 * promise of its end and why, and a close that lets a remote server free its session first.
 */
export function makeConnection(
  name: string,
  used: 'stdio' | 'http' | 'sse',
  client: Client,
  transport: Transport,
  era: BackendEra,
  logSink: LogSink,
): BackendConnection {
  let closing = false;
  let settle!: (v: { reason: string }) => void;
  const closed = new Promise<{ reason: string }>((resolve) => {
    settle = resolve;
  });
  const reasonOf = () =>
    transport instanceof StdioChildTransport
      ? (transport.exitDescription() ?? 'stdio closed')
      : 'connection closed';
  const previousOnError = client.onerror;
  client.onerror = (err) => {
    previousOnError?.(err);
    // Transport trouble (a dropped SSE stream, a stray reply) is worth a line in the server's log.
    logSink('gateway', `connection error: ${err.message.slice(0, 500)}`);
  };
  const protocolWarnings: string[] = [];
  if (era === 'modern') {
    tolerateModernDeviations(client, (warning) => {
      protocolWarnings.push(warning);
      logSink('gateway', `protocol warning: ${warning}`);
    });
  }
  const previousOnClose = client.onclose;
  client.onclose = () => {
    previousOnClose?.();
    settle({ reason: closing ? 'stopped by the gateway' : reasonOf() });
  };
  return {
    server: name,
    client,
    transport: used,
    era,
    protocolVersion: client.getNegotiatedProtocolVersion(),
    serverInfo: client.getServerVersion(),
    instructions: client.getInstructions(),
    protocolWarnings,
    pid: transport instanceof StdioChildTransport ? transport.pid : undefined,
    // 2026-era requests carry envelope material only the Protocol's codec writes.
    ...(transport instanceof StdioChildTransport && era === 'legacy' ? { direct: transport } : {}),
    closed,
    async close() {
      if (closing) {
        await closed;
        return;
      }
      closing = true;
      if (transport instanceof StreamableHTTPClientTransport && transport.sessionId !== undefined) {
        // Let the server free the session; a server that is gone must not hold up the stop.
        await Promise.race([
          transport.terminateSession().catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
        ]);
      }
      await client.close().catch(() => undefined);
      await transport.close().catch(() => undefined);
      settle({ reason: 'stopped by the gateway' });
    },
  };
}

/**
 * Be lenient in what a 2026-07-28 backend sends, where the meaning is plain: the SDK would fail
 * the whole request, although the server works with clients that read the result as complete.
 * Each kind of deviation is reported once per connection. (`_onresponse` is the Protocol's
 * documented override point; it sees each response before the era codec decodes it.)
 */
function tolerateModernDeviations(client: Client, warn: (warning: string) => void): void {
  const seen = new Set<string>();
  const once = (key: string, text: string) => {
    if (!seen.has(key)) {
      seen.add(key);
      warn(text);
    }
  };
  const target = client as unknown as { _onresponse: (response: unknown) => void };
  const original = target._onresponse.bind(client);
  target._onresponse = (response) => {
    const result = (response as { result?: unknown }).result;
    if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
      const r = result as Record<string, unknown>;
      if (r['resultType'] === undefined) {
        // Taken as complete, as for every earlier protocol revision.
        r['resultType'] = 'complete';
        once(
          'resultType',
          'results come without "resultType" (required by 2026-07-28); they are taken as complete',
        );
      }
    }
    original(response);
  };
}
