import http from 'node:http';
import type { AddressInfo } from 'node:net';

import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import { eventText, openSseStream, type SseStream } from './sse-stream.js';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A real HTTP server whose one route opens a stream; the client reads what it gets. */
async function setup() {
  const clock = manualClock(0);
  const closedStreams: SseStream[] = [];
  let stream: SseStream | undefined;
  const app = express();
  app.get('/events', (req, res) => {
    stream = openSseStream(req, res, { clock, keepAliveMs: 1_000 }, (s) => void closedStreams.push(s));
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  let text = '';
  let ended = false;
  const response = await new Promise<http.IncomingMessage>((resolve) =>
    http.get(`http://127.0.0.1:${port}/events`, resolve),
  );
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => (ended = true));
  await expect.poll(() => stream).toBeDefined();
  return {
    clock,
    response,
    stream: stream as SseStream,
    closedStreams,
    text: () => text,
    ended: () => ended,
  };
}

describe('one SSE stream', () => {
  it('writes an event as its name, its id when given, and its data as JSON', () => {
    expect(eventText('server.state', { a: 1 })).toBe('event: server.state\ndata: {"a":1}\n\n');
    expect(eventText('log', 'x', 7)).toBe('event: log\nid: 7\ndata: "x"\n\n');
  });

  it('opens as an event stream, sends events and keep-alive comments on the clock', async () => {
    const env = await setup();
    expect(env.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(env.response.headers['cache-control']).toBe('no-cache, no-transform');
    await expect.poll(env.text).toBe(': connected\n\n');
    env.stream.send('hello', { n: 1 }, 1);
    env.clock.advance(1_000);
    env.clock.advance(1_000);
    await expect
      .poll(env.text)
      .toBe(': connected\n\nevent: hello\nid: 1\ndata: {"n":1}\n\n: keep-alive\n\n: keep-alive\n\n');
  });

  it('closes once: the hub is told first, then each listener, then the client sees the end', async () => {
    const env = await setup();
    const order: string[] = [];
    env.stream.onClose(() => order.push(`listener after hub: ${env.closedStreams.length}`));
    env.stream.close();
    env.stream.close();
    env.stream.send('late', {});
    expect(env.stream.closed).toBe(true);
    expect(env.closedStreams).toEqual([env.stream]);
    expect(order).toEqual(['listener after hub: 1']);
    env.stream.onClose(() => order.push('added after close'));
    expect(order).toEqual(['listener after hub: 1', 'added after close']);
    await expect.poll(env.ended).toBe(true);
    expect(env.text()).toBe(': connected\n\n');
    expect(env.clock.pending()).toEqual([]);
  });

  it('closes when the client goes away', async () => {
    const env = await setup();
    env.response.destroy();
    await expect.poll(() => env.stream.closed).toBe(true);
    expect(env.closedStreams).toEqual([env.stream]);
  });
});
