import { existsSync } from 'node:fs';
import path from 'node:path';

import express, { type Router } from 'express';

/** `/ui`: the renderer bundle (no token needed: the page gets it from the URL fragment). */

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MCP Gateway</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The dashboard is not built</h1>
<p>The gateway is running, but the web dashboard has not been built in this installation.
Run <code>npm run build</code> in the project folder, then reload this page.</p>
<p>Everything the dashboard does is also available through <code>mcp-gateway --help</code> and the REST API
(<code>/api/v1/openapi.json</code>).</p>
</body></html>`;

export function uiRouter(rendererDir: string): Router {
  const router = express.Router();
  const index = path.join(rendererDir, 'index.html');
  const security = (_req: express.Request, res: express.Response, next: express.NextFunction) => {
    // The page must not be framed by another site, and the token in the fragment must not leak via Referer.
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-content-type-options', 'nosniff');
    next();
  };
  router.use(security);
  router.use((req, res, next) => {
    // `/ui` without the slash would resolve the bundle's relative URLs against `/`.
    if (req.originalUrl === '/ui' || req.originalUrl.startsWith('/ui?')) {
      res.redirect(301, '/ui/' + req.originalUrl.slice(3));
      return;
    }
    next();
  });
  router.use(express.static(rendererDir, { index: false, fallthrough: true, maxAge: '1h' }));
  router.get('/{*rest}', (req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    // Client-side routes fall back to the app shell; missing assets stay 404.
    if (path.extname(req.path) !== '') {
      res.status(404).type('text').send('not found');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
