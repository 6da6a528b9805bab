import path from 'node:path';

import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Gateway, startGateway } from '../lib/gateway.js';
import { EVERYTHING, nodeServer, ROOT } from '../lib/paths.js';

const BAD = path.join(ROOT, 'test/proxy/fixtures/bad-tool-server.mjs');

let gw: Gateway;

beforeAll(async () => {
  gw = await startGateway({ everything: nodeServer(EVERYTHING), bad: nodeServer(BAD) });
  await gw.ready(['everything', 'bad']);
});

afterAll(async () => {
  await gw?.close();
});

function connect(name: string, onSample?: () => Promise<string>) {
  return gw.connect({
    name,
    capabilities: { sampling: {} },
    setup: (client) =>
      client.setRequestHandler(CreateMessageRequestSchema, async () => ({
        role: 'assistant',
        model: 'm',
        content: { type: 'text', text: onSample === undefined ? 'ok' : await onSample() },
      })),
  });
}

describe('robustness', () => {
  it('keeps a backend’s valid tools when one of them is malformed', async () => {
    const { client, close } = await connect('lister');
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('bad__good_one');
      expect(names).toContain('bad__good_two');
      expect(names).not.toContain('bad__broken');
      const result = await client.callTool({ name: 'bad__good_two', arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'ran good_two' }]);
    } finally {
      await close();
    }
  });

  it('gives clients older than 2025-06-18 structured results as text too', async () => {
    const post = async (body: unknown, session?: string) => {
      const res = await fetch(gw.mcpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(session === undefined
            ? {}
            : { 'mcp-session-id': session, 'mcp-protocol-version': '2025-03-26' }),
        },
        body: JSON.stringify(body),
      });
      // Either answer form is valid: one JSON object, or an SSE stream whose last event is the answer.
      const text = await res.text();
      const data =
        res.headers.get('content-type')?.startsWith('application/json') === true
          ? text
          : text
              .split('\n')
              .findLast((l) => l.startsWith('data: '))
              ?.slice(6);
      return {
        res,
        message: data === undefined ? undefined : (JSON.parse(data) as { result?: Record<string, unknown> }),
      };
    };
    const init = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'old', version: '1' } },
    });
    const session = init.res.headers.get('mcp-session-id') as string;
    expect(init.message?.result?.['protocolVersion']).toBe('2025-03-26');
    await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session);
    const call = await post(
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'bad__structured_only', arguments: {} },
      },
      session,
    );
    expect(call.message?.result?.['content']).toEqual([{ type: 'text', text: '{"answer":42}' }]);
    await fetch(gw.mcpUrl, { method: 'DELETE', headers: { 'mcp-session-id': session } });
  });

  it('stops the backend call when the client cancels, and records it', async () => {
    const { client, close } = await connect('canceller');
    try {
      const controller = new AbortController();
      const call = client.callTool(
        { name: 'everything__trigger-long-running-operation', arguments: { duration: 30, steps: 30 } },
        undefined,
        {
          signal: controller.signal,
          onprogress: () => controller.abort('enough'),
        },
      );
      await expect(call).rejects.toThrow();
      for (
        let i = 0;
        i < 100 && gw.engine.ctx.catalog.recentCalls().at(-1)?.tool !== 'trigger-long-running-operation';
        i++
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(gw.engine.ctx.catalog.recentCalls().at(-1)).toMatchObject({
        tool: 'trigger-long-running-operation',
        ok: false,
      });
    } finally {
      await close();
    }
  });

  it('routes a shared backend’s sampling request to the one call not already waiting for its client, and refuses to guess beyond that', async () => {
    let releaseFirst: () => void = () => undefined;
    const firstMayAnswer = new Promise<void>((r) => {
      releaseFirst = r;
    });
    let firstAsked: () => void = () => undefined;
    const firstIsAsking = new Promise<void>((r) => {
      firstAsked = r;
    });
    const first = await connect('first', async () => {
      firstAsked();
      await firstMayAnswer;
      return 'first answer';
    });
    const second = await connect('second');
    const third = await connect('third');
    try {
      const firstCall = first.client.callTool({
        name: 'everything__trigger-sampling-request',
        arguments: { prompt: 'a', maxTokens: 5 },
      });
      // The first call is blocked on its own sampling answer, so the next request is the second's.
      await firstIsAsking;
      const secondResult = await second.client.callTool({
        name: 'everything__trigger-sampling-request',
        arguments: { prompt: 'b', maxTokens: 5 },
      });
      expect(JSON.stringify(secondResult.content)).toContain('ok');
      // With another call running (not waiting for anyone), a sampling request is ambiguous.
      const busy = third.client.callTool({
        name: 'everything__trigger-long-running-operation',
        arguments: { duration: 2, steps: 2 },
      });
      await new Promise((r) => setTimeout(r, 300));
      const ambiguous = await second.client
        .callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'c', maxTokens: 5 } })
        .then(
          (r) => JSON.stringify(r),
          (err: unknown) => String(err),
        );
      expect(ambiguous).toContain('per-session');
      await busy;
      releaseFirst();
      expect(JSON.stringify((await firstCall).content)).toContain('first answer');
    } finally {
      releaseFirst();
      await Promise.all([first.close(), second.close(), third.close()]);
    }
  });
});
