import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type FakeEmbeddings, startFakeEmbeddings } from '../fixtures/servers/fake-embeddings.mjs';
import { cliEnv, expectCliBuilt, runCli } from '../lib/cli.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { MEMORY, nodeServer } from '../lib/paths.js';

/** `mcp-gateway tools search` and `mcp-gateway embeddings` (built binary, run `npx tsc -b` first). */

describe('mcp-gateway embeddings and tools search', () => {
  let gw: Gateway;
  let endpoint: FakeEmbeddings;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    expectCliBuilt();
    endpoint = await startFakeEmbeddings();
    gw = await startGateway({ mem: nodeServer(MEMORY) }, {}, { writeRuntimeFile: true });
    env = cliEnv(gw.dir);
    await gw.waitFor(() => gw.engine.ctx.catalog.tools().some((t) => t.server === 'mem'), 'mem tools');
  });
  afterAll(async () => {
    await gw?.close();
    await endpoint?.close();
  });

  it('searches tools by words while embeddings are off, and says so', async () => {
    const r = await run('tools', 'search', 'remember', 'that', 'Alice', 'likes', 'tea', '--limit', '3');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('mem__');
    expect(r.stdout).toContain('ranked by words only: semantic search is not configured');
    const status = await run('embeddings');
    expect(status.stdout).toContain('state: off');
    expect((await run('tools', 'search', 'x', '--limit', '0')).stderr).toContain('--limit is a whole number');
    expect(endpoint.requests).toHaveLength(0);
  });

  it('tests, sets, reports and switches off an endpoint', async () => {
    const tested = await run('embeddings', 'test', '--endpoint', endpoint.url, '--model', 'fake-embed');
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/^ok: fake-embed at .* answers 64 dimensions in [\d.]+ ms/);
    const failed = await run('embeddings', 'test', '--endpoint', 'http://127.0.0.1:1/v1', '--model', 'm');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('cannot reach the embeddings endpoint');

    const set = await run('embeddings', 'set', '--endpoint', endpoint.url, '--model', 'fake-embed');
    expect(set.code, set.stderr).toBe(0);
    await gw.waitFor(() => gw.engine.ctx.semantic?.status().state === 'ready', 'tool vectors');
    const status = await run('embeddings', 'status', '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'ready', model: 'fake-embed', dimensions: 64 });
    const search = await run('tools', 'search', 'remember', 'that', 'Alice', 'likes', 'tea');
    expect(search.stdout).not.toContain('ranked by words only');

    expect((await run('embeddings', 'off')).stdout).toContain('semantic search off');
    expect((await run('embeddings')).stdout).toContain('state: off');
    expect((await run('embeddings', 'on')).stdout).toContain('semantic search on');
  });
});
