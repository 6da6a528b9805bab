import type express from 'express';

import type { Identity } from '../identity/index.js';
import type { Clock, Logger } from '../types.js';
import { authorizeClient } from './client-auth.js';
import { batchError, type BodyReader, sendJsonRpcError } from './http-util.js';
import type { SessionTable } from './legacy-sessions.js';
import { type Limits, requestCount, tooManyInFlight } from './limits.js';
import { failed } from './mcp-routes.js';
import type { Scopes } from './scopes.js';
import { SseServerTransport } from './sse-transport.js';

export interface SseRoutesDeps {
  identity: Identity;
  clock: Clock;
  logger: Logger;
  limits: Limits;
  scopes: Scopes;
  sessions: SessionTable;
  bodies: BodyReader;
}

/**
 * `/sse` + `/messages`: the 2024-11-05 HTTP+SSE transport for old clients. A GET opens the
 * session's stream; its messages arrive as POSTs and are answered on the stream.
 */
export function mountSseRoutes(app: express.Express, deps: SseRoutesDeps): { stop(): void } {
  const { identity, clock, logger, limits, scopes, sessions, bodies } = deps;
  let closing = false;

  app.get('/sse', (req, res) => {
    if (closing) {
      return;
    }
    const client = authorizeClient(identity, req, res);
    if (client === undefined || sessions.overCapacity(res)) {
      return;
    }
    const session = sessions.open(
      scopes.mcpScopeKey(req.query['mode'] === 'meta', client),
      client,
      'sse',
      (id) =>
        new SseServerTransport(id, res, '/messages', {
          maxBufferBytes: () => limits.maxStreamBufferBytes,
          onDrop: (waiting) =>
            logger.warn('dropped a client that is not reading its stream', {
              session: id,
              client: session.info.clientName,
              waitingBytes: waiting,
              limit: limits.maxStreamBufferBytes,
            }),
        }),
    );
    sessions.byId.set(session.id, session);
    session.server.connect(session.transport).catch((err: unknown) => {
      logger.warn('could not open an SSE session', { err: String(err) });
      sessions.close(session, 'connect failed');
    });
  });

  app.post('/messages', (req, res) => {
    const id = typeof req.query['sessionId'] === 'string' ? req.query['sessionId'] : '';
    const s = sessions.byId.get(id);
    if (authorizeClient(identity, req, res, s) === undefined) {
      return;
    }
    if (s === undefined || !(s.transport instanceof SseServerTransport)) {
      sendJsonRpcError(res, 404, -32001, 'Session not found: open a new stream with GET /sse.');
      return;
    }
    const transport = s.transport;
    s.info.lastSeenAt = clock.now();
    bodies
      .read(req, limits.maxBodyBytes)
      .then((body) => {
        const tooBig = batchError(body, limits.maxBatchSize);
        if (tooBig !== undefined) {
          throw tooBig;
        }
        const requests = requestCount(body);
        if (requests > 0 && transport.inFlight + requests > limits.maxInFlightPerSession) {
          tooManyInFlight(res, transport.inFlight);
          return;
        }
        res.writeHead(202).end('Accepted');
        transport.receive(body);
      })
      .catch((err: unknown) => failed(logger, res, err));
  });

  return {
    stop() {
      closing = true;
    },
  };
}
