import express from 'express';
import { describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../../../test/lib/gateway.js';
import { mountClientRoutesLazily } from './lazy-client-routes.js';

describe('client routes loaded on first use', () => {
  it('passes other paths on without loading, and answers /clients once loaded', async () => {
    const gw: Gateway = await startGateway({});
    try {
      const router = express.Router();
      mountClientRoutesLazily(router, gw.engine.ctx, { mcpUrl: () => gw.engine.mcpUrl });
      const app = express();
      app.use(router);
      app.use((_req, res) => res.status(418).send('passed on'));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      try {
        const { port } = server.address() as { port: number };
        const other = await fetch(`http://127.0.0.1:${port}/servers`);
        expect(other.status).toBe(418);
        const clients = await fetch(`http://127.0.0.1:${port}/clients`);
        expect(clients.status).toBe(200);
        expect(await clients.json()).toHaveProperty('clients');
      } finally {
        await new Promise((r) => server.close(r));
      }
    } finally {
      await gw.close();
    }
  });
});
