import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';

import type { Catalog } from '../catalog/index.js';
import type { EarlySession } from '../early/index.js';
import type { Logger } from '../types.js';
import type { FastPath } from './fast-path.js';
import { type LegacySession, openStreamableSession, type SessionTable } from './legacy-sessions.js';

/** A request the early answers' client made, replayed into the session's own transport. */
function replay(
  web: WebStandardStreamableHTTPServerTransport,
  message: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Response> {
  return web.handleRequest(
    new Request('http://127.0.0.1/mcp', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify(message),
    }),
    { parsedBody: message },
  );
}

function webTransportOf(session: LegacySession): WebStandardStreamableHTTPServerTransport {
  const web = (session.transport as unknown as { _webStandardTransport?: unknown })._webStandardTransport;
  if (!(web instanceof WebStandardStreamableHTTPServerTransport)) {
    throw new Error('the MCP SDK transport has no web-standard transport to replay the handshake into');
  }
  return web;
}

/**
 * Takes over the sessions opened before the engine loaded (see early/): each becomes a session
 * of its own under the same id, its handshake replayed into it as the client sent it. When the
 * tool list it was given differs from the one the engine now gives, the client is told the list
 * changed. A session that cannot be taken over is closed: the client's next request finds it
 * gone and reconnects (404, as after a restart).
 */
export async function adoptEarlySessions(
  deps: {
    sessions: SessionTable;
    fastPath: Pick<FastPath, 'toolsListJson'>;
    catalog: Catalog;
    logger: Logger;
  },
  early: readonly EarlySession[],
): Promise<void> {
  if (early.length > 0) {
    deps.logger.debug('taking over the sessions answered while the engine loaded', {
      sessions: early.length,
    });
  }
  for (const e of early) {
    const session = openStreamableSession(deps.sessions, e.scopeKey, e.client, e.id);
    try {
      await session.server.connect(session.transport);
      const web = webTransportOf(session);
      await (await replay(web, e.initialize, {})).text();
      if (!deps.sessions.byId.has(e.id)) {
        throw new Error('the replayed initialize was refused');
      }
      if (e.initialized) {
        const note = { jsonrpc: '2.0', method: 'notifications/initialized' };
        const headers = { 'mcp-session-id': e.id, 'mcp-protocol-version': e.protocolVersion };
        await (await replay(web, note, headers)).text();
      }
    } catch (err) {
      deps.logger.warn('could not take over a session opened at start-up; its client will reconnect', {
        session: e.id,
        err: String(err),
      });
      deps.sessions.close(session, 'not taken over');
      continue;
    }
    const given = e.toolsGiven;
    if (given !== undefined) {
      void deps.catalog.startupSettled().then(() => {
        if (session.closed || given.equals(Buffer.from(deps.fastPath.toolsListJson(session.fast)))) {
          return;
        }
        // Its GET stream may not be open yet (it may be among the requests that waited).
        deps.sessions.notifyOnStream(session, { method: 'notifications/tools/list_changed' });
      });
    }
  }
}
