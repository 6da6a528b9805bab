import type { Express, RequestHandler } from 'express';

import { API_PREFIX } from '../../../src-shared/api/contract.js';
import { handleOAuthCallback, OAUTH_CALLBACK_PATH } from '../oauth/index.js';
import type { EngineContext } from '../types.js';
import { sendError } from './errors.js';
import { browserRules } from './guards.js';
import type { GatewayMetrics } from './metrics.js';
import { uiRouter } from './ui.js';

/**
 * What the control plane serves outside `/api/v1`: the rest of `/api` (token first), `/metrics`
 * (token required), `/ui` (the dashboard bundle) and the OAuth callback.
 */
export function mountOuterRoutes(
  app: Express,
  ctx: EngineContext,
  parts: { auth: RequestHandler; metrics: GatewayMetrics; rendererDir: string },
): void {
  const { auth, metrics } = parts;
  // Anything else under /api (old or mistyped versions) also needs the token before it learns anything.
  app.use('/api', browserRules(ctx), auth, (req, res) => {
    sendError(
      res,
      'NOT_FOUND',
      `no API route ${req.method} /api${req.path}: the API lives under ${API_PREFIX}`,
    );
  });

  app.get('/metrics', auth, (_req, res, next) => {
    metrics.prometheus().then((text) => {
      res.setHeader('content-type', metrics.contentType);
      res.send(text);
    }, next);
  });

  app.use('/ui', uiRouter(parts.rendererDir));

  // The browser's return from a sign-in: no admin token (the browser has none); the single-use
  // `state` of a sign-in this gateway started guards it instead.
  const oauth = ctx.oauth;
  if (oauth !== undefined) {
    app.get(OAUTH_CALLBACK_PATH, (req, res, next) => {
      handleOAuthCallback(oauth, req, res).catch(next);
    });
  }
}
