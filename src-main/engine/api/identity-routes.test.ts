import express from 'express';
import { describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { mountIdentityRoutes } from './identity-routes.js';

describe('identity routes', () => {
  it('mounts the token and profile routes, each translating to the identity store', async () => {
    const gw: Gateway = await startGateway({});
    const app = express();
    app.use(express.json());
    const router = express.Router();
    mountIdentityRoutes(router, gw.engine.ctx);
    app.use(router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as { port: number };
      const base = `http://127.0.0.1:${port}`;
      const post = (path: string, body: unknown) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const created = await post('/tokens', { name: '  laptop  ' });
      expect(created.status).toBe(201);
      const tokens = (await (await fetch(`${base}/tokens`)).json()) as { tokens: { name: string }[] };
      expect(tokens.tokens.map((t) => t.name)).toEqual(['laptop']);
      const profile = await post('/profiles', { name: 'p', profile: {} });
      expect(((await profile.json()) as { name: string }).name).toBe('p');
      const renamed = await post('/profiles/p/rename', { to: 'q' });
      expect(((await renamed.json()) as { name: string }).name).toBe('q');
    } finally {
      await new Promise((r) => server.close(r));
      await gw.close();
    }
  });
});
