import { readFile, writeFile } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import * as R from '../../src-shared/api/routes.js';
import type { EngineEvent, LogLine } from '../../src-shared/events.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { rawRequest } from '../lib/http.js';
import { EVERYTHING, MEMORY, nodeServer } from '../lib/paths.js';

/** Live streams, two-way config sync and the request limits, against the real engine. */
describe('control API streams, sync and limits', () => {
  let gw: Gateway;

  beforeAll(async () => {
    gw = await startGateway({ mem: nodeServer(MEMORY) }, {}, { watchConfig: true });
    await gw.waitFor(() => gw.engine.ctx.supervisor.get('mem')?.state === 'running', 'mem running');
  });
  afterAll(async () => {
    await gw?.close();
  });

  /** Open the events stream and collect until `until` holds (bounded), then abort. */
  async function collectEvents(
    act: () => Promise<void>,
    until: (seen: EngineEvent[]) => boolean,
    lastEventId?: string,
  ) {
    const seen: { event: EngineEvent; id: string | undefined }[] = [];
    const controller = new AbortController();
    let opened!: () => void;
    const ready = new Promise<void>((r) => (opened = r));
    const done = gw.api.stream(
      R.events,
      {},
      {
        signal: controller.signal,
        // Replaying from the engine's recent events makes the test independent of connect timing.
        lastEventId: lastEventId ?? '0',
        onEvent: (event, meta) => {
          seen.push({ event, id: meta.id });
          if (until(seen.map((s) => s.event))) {
            controller.abort();
          }
        },
      },
    );
    setTimeout(opened, 50);
    await ready;
    await act();
    const limit = setTimeout(() => controller.abort(), 20_000);
    await done;
    clearTimeout(limit);
    return seen;
  }

  it('streams engine events for API changes, with numbered ids that resume', async () => {
    const seen = await collectEvents(
      () =>
        gw.api
          .call(R.addServer, { body: { name: 'every', config: nodeServer(EVERYTHING, 'stdio') } })
          .then(() => undefined),
      (events) =>
        events.some((e) => e.type === 'server.state' && e.server === 'every' && e.state === 'running'),
    );
    const added = seen.find((s) => s.event.type === 'server.added');
    expect(added?.event).toMatchObject({ type: 'server.added', server: 'every', source: 'api' });
    expect(Number(added?.id)).toBeGreaterThan(0);

    // Reconnecting with Last-Event-ID replays what came after it.
    const replayed = await collectEvents(
      async () => undefined,
      (events) =>
        events.some((e) => e.type === 'server.state' && e.server === 'every' && e.state === 'running'),
      added?.id,
    );
    expect(replayed[0]?.event.type).not.toBe('server.added');
    expect(replayed.map((r) => Number(r.id))).toEqual(
      [...replayed.map((r) => Number(r.id))].sort((a, b) => a - b),
    );
    expect(Number(replayed[0]?.id)).toBe(Number(added?.id) + 1);
  });

  it('picks up a hand edit of the config file: API and event stream both show it', async () => {
    const text = await readFile(gw.configFile, 'utf8');
    const config = JSON.parse(text) as { mcpServers: Record<string, unknown> };
    config.mcpServers.hand = nodeServer(MEMORY);
    const seen = await collectEvents(
      () => writeFile(gw.configFile, JSON.stringify(config, null, 2)),
      (events) => events.some((e) => e.type === 'server.added' && e.server === 'hand'),
    );
    expect(seen.map((s) => s.event)).toContainEqual(
      expect.objectContaining({ type: 'server.added', server: 'hand', source: 'file' }),
    );
    const { servers } = await gw.api.call(R.listServers);
    expect(servers.map((s) => s.name)).toContain('hand');
    await gw.api.call(R.removeServer, { params: { name: 'hand' } });
    expect(JSON.parse(await readFile(gw.configFile, 'utf8')).mcpServers.hand).toBeUndefined();
  });

  it('streams log lines live and resumes after Last-Event-ID', async () => {
    const recent = await gw.api.call(R.serverLogs, { params: { name: 'mem' } });
    expect(recent.lines.length).toBeGreaterThan(0);
    const first = recent.lines[0]!;

    // Resume after the first line: everything later arrives, ids are the log seq.
    const got: { line: LogLine; id: string | undefined }[] = [];
    const controller = new AbortController();
    const limit = setTimeout(() => controller.abort(), 20_000);
    await gw.api.stream(
      R.serverLogStream,
      { params: { name: 'mem' } },
      {
        signal: controller.signal,
        lastEventId: String(first.seq),
        onEvent: (line, meta) => {
          got.push({ line, id: meta.id });
          if (line.seq >= recent.lines.at(-1)!.seq) {
            controller.abort();
          }
        },
      },
    );
    clearTimeout(limit);
    expect(got[0]?.line.seq).toBe(recent.lines[1]?.seq ?? got[0]?.line.seq);
    expect(got.every((g) => g.id === String(g.line.seq))).toBe(true);

    // A restart writes new lines: they arrive live.
    const live: LogLine[] = [];
    const c2 = new AbortController();
    const limit2 = setTimeout(() => c2.abort(), 20_000);
    const done = gw.api.stream(
      R.serverLogStream,
      { params: { name: 'mem' }, query: { limit: 1 } },
      {
        signal: c2.signal,
        onEvent: (line) => {
          live.push(line);
          if (line.seq > recent.lines.at(-1)!.seq) {
            c2.abort();
          }
        },
      },
    );
    await new Promise((r) => setTimeout(r, 100));
    await gw.api.call(R.restartServer, { params: { name: 'mem' } });
    await done;
    clearTimeout(limit2);
    expect(live.some((l) => l.seq > recent.lines.at(-1)!.seq)).toBe(true);
  });

  it('answers a stream of an unknown server with a JSON 404, not an empty stream', async () => {
    const res = await rawRequest(gw.url, {
      path: '/api/v1/servers/nope/logs/stream',
      headers: { authorization: `Bearer ${gw.token}` },
    });
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ code: 'SERVER_NOT_FOUND' });
  });

  it('caps live streams with a clear 503', async () => {
    await gw.api.call(R.updateSettings, { body: { limits: { maxSseStreams: 1 } } });
    const controller = new AbortController();
    const first = gw.api.stream(R.events, {}, { signal: controller.signal, onEvent: () => undefined });
    await new Promise((r) => setTimeout(r, 150));
    const second = await rawRequest(gw.url, {
      path: '/api/v1/events',
      headers: { authorization: `Bearer ${gw.token}` },
    });
    expect(second.status).toBe(503);
    expect(second.json()).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('maxSseStreams'),
    });
    controller.abort();
    await first;
    await gw.api.call(R.updateSettings, { body: { limits: null } });
  });

  it('bounds concurrent API requests with 429 + Retry-After, and times out long ones with 504', async () => {
    await gw.waitFor(() => gw.engine.ctx.supervisor.get('every')?.state === 'running', 'every running');
    await gw.api.call(R.updateSettings, { body: { limits: { maxConcurrentRequests: 1, maxCallMs: 1_000 } } });
    const slow = gw.api
      .call(R.callTool, {
        body: {
          server: 'every',
          tool: 'trigger-long-running-operation',
          arguments: { duration: 3, steps: 3 },
        },
      })
      .then(
        () => 'finished',
        (err: { code?: string }) => err.code,
      );
    // Poll until the slow call holds the only slot (bounded); each poll is itself a request.
    let busy = await rawRequest(gw.url, {
      path: '/api/v1/health',
      headers: { authorization: `Bearer ${gw.token}` },
    });
    for (let i = 0; i < 100 && busy.status === 200; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      busy = await rawRequest(gw.url, {
        path: '/api/v1/health',
        headers: { authorization: `Bearer ${gw.token}` },
      });
    }
    expect(busy.status).toBe(429);
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(await slow).toBe('TIMEOUT');
    await gw.api.call(R.updateSettings, { body: { limits: null } });
  });
});
