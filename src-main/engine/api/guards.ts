import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';

import type { RouteDef } from '../../../src-shared/api/contract.js';
import { MAX_JSON_DEPTH, valueTooDeep } from '../frontends/index.js';
import { bearerToken, tokensMatch } from '../security/index.js';
import type { EngineContext } from '../types.js';
import { sendError } from './errors.js';

/** Per-request checks of the control API: token, browser rules, body, concurrency. */

/** `Authorization: Bearer <admin token>` on every request (the token itself is never logged). */
export function requireToken(token: () => Promise<string>): RequestHandler {
  return (req, res, next) => {
    const presented = bearerToken(req.headers.authorization);
    if (presented === undefined) {
      sendError(
        res,
        'UNAUTHORIZED',
        'missing admin token: send "Authorization: Bearer <token>" (the token is in the admin-token file of the gateway data folder)',
      );
      return;
    }
    token().then(
      (expected) => {
        if (!tokensMatch(presented, expected)) {
          sendError(
            res,
            'UNAUTHORIZED',
            'wrong admin token: use the one in the admin-token file of the gateway data folder',
          );
          return;
        }
        next();
      },
      (err: unknown) => next(err),
    );
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Browsers may read and change things only from our own pages (or origins the user allowed):
 * CORS headers go to allowed extra origins only, and a mutating request that a browser marks as
 * cross-site is refused even when it carries no Origin.
 */
export function browserRules(ctx: EngineContext): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    const extra =
      origin !== undefined &&
      ctx.config.current().gateway.allowedOrigins.includes(origin.replace(/\/+$/, ''));
    if (extra && origin !== undefined) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, last-event-id');
      res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
      res.setHeader('access-control-max-age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(extra ? 204 : 403).end();
      return;
    }
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const sameOrigin =
      origin !== undefined && origin.toLowerCase() === `http://${req.headers.host ?? ''}`.toLowerCase();
    const site = req.headers['sec-fetch-site'];
    if (!extra && !sameOrigin && (site === 'cross-site' || site === 'same-site')) {
      sendError(res, 'FORBIDDEN_ORIGIN', `changes from another site are refused (Sec-Fetch-Site: ${site})`);
      return;
    }
    if (origin !== undefined && !extra && !sameOrigin) {
      sendError(
        res,
        'FORBIDDEN_ORIGIN',
        `changes from origin "${origin}" are refused: only the gateway's own pages may change it`,
      );
      return;
    }
    next();
  };
}

/** JSON bodies only (forces a CORS preflight for any cross-origin write), at most `maxBodyBytes`. */
export function jsonBody(maxBodyBytes: () => number): RequestHandler {
  const parsers = new Map<number, RequestHandler>();
  return (req, res, next) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody) {
      next();
      return;
    }
    const max = maxBodyBytes();
    if (Number(req.headers['content-length'] ?? 0) > max) {
      sendError(
        res,
        'PAYLOAD_TOO_LARGE',
        `request body is larger than ${max} bytes (gateway.limits.maxBodyBytes)`,
      );
      req.resume();
      return;
    }
    if (!req.is('application/json')) {
      sendError(res, 'BAD_REQUEST', 'send the request body as JSON with "Content-Type: application/json"');
      req.resume();
      return;
    }
    let parser = parsers.get(max);
    if (parser === undefined) {
      parser = express.json({ limit: max, strict: false });
      parsers.set(max, parser);
    }
    parser(req, res, (err?: unknown) => {
      // Nesting deeper than the checks behind this can walk is refused here, as a bad request.
      if ((err === undefined || err === null) && valueTooDeep(req.body)) {
        sendError(
          res,
          'BAD_REQUEST',
          `the JSON body is nested more than ${MAX_JSON_DEPTH} levels deep; send a flatter one`,
        );
        return;
      }
      next(err);
    });
  };
}

/** Cap requests in flight on the API; SSE streams have their own cap and do not hold a slot. */
export function concurrencyLimit(max: () => number, routes: readonly RouteDef[]): RequestHandler {
  const streaming = routes
    .filter((r) => r.kind === 'sse')
    .map(
      (r) =>
        new RegExp(
          '^' + r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+') + '/?$',
        ),
    );
  let inFlight = 0;
  return (req: Request, res: Response, next: NextFunction) => {
    if (streaming.some((re) => re.test(req.path))) {
      next();
      return;
    }
    const limit = max();
    if (inFlight >= limit) {
      res.setHeader('retry-after', '1');
      sendError(
        res,
        'TOO_MANY_REQUESTS',
        `the gateway is handling ${limit} requests already (gateway.limits.maxConcurrentRequests): retry in a moment`,
      );
      return;
    }
    inFlight += 1;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        inFlight -= 1;
      }
    };
    res.on('finish', release);
    res.on('close', release);
    next();
  };
}
