/**
 * The control plane's SSE streams (events, logs) under a client that stops reading: the stream
 * is disconnected once more than its buffer limit waits, with a log line saying so, instead of
 * buffering every event in the gateway. Real HTTP on 127.0.0.1, a raw socket that never reads.
 */
import type { AddressInfo } from 'node:net';
import net from 'node:net';

import express from 'express';
import { describe, expect, it } from 'vitest';

import { createSseHub, type SseStream } from '../../src-main/engine/api/sse.js';
import { systemClock } from '../../src-main/engine/events.js';
import { createLogger } from '../../src-main/engine/telemetry/logger.js';

describe('SSE hub backpressure', () => {
  it('disconnects a client that stops reading, and says so in the log', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (l) => lines.push(l) });
    const hub = createSseHub({
      clock: systemClock,
      maxStreams: () => 4,
      maxBufferBytes: () => 256 * 1024,
      logger,
    });
    let stream: SseStream | undefined;
    const app = express();
    app.get('/api/v1/events', (req, res) => {
      stream = hub.open(req, res);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(`GET /api/v1/events HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`);
    socket.pause(); // never reads
    try {
      for (let i = 0; i < 100 && stream === undefined; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const payload = { text: 'x'.repeat(16 * 1024) };
      let sent = 0;
      // Bounded: 200 MB at most; the stream must close long before.
      for (; sent < 12_800 && stream?.closed === false; sent++) {
        stream.send('server.log', payload, sent);
        if (sent % 64 === 0) {
          await new Promise((r) => setImmediate(r));
        }
      }
      expect(stream?.closed).toBe(true);
      expect(sent).toBeLessThan(12_800);
      expect(hub.size).toBe(0);
      expect(lines.join('\n')).toMatch(
        /dropped a client that is not reading its stream.*path=\/api\/v1\/events/,
      );
    } finally {
      socket.destroy();
      hub.closeAll();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
