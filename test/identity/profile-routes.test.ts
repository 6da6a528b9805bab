import { readFile, writeFile } from 'node:fs/promises';

import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1HttpTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiError } from '../../src-shared/api/client.js';
import {
  createProfile,
  createToken,
  deleteProfile,
  listProfiles,
  listTokens,
  previewProfile,
  putProfile,
  renameProfile,
} from '../../src-shared/api/identity.js';
import { metrics, recentCalls } from '../../src-shared/api/routes.js';
import { type Gateway, startGateway } from '../lib/gateway.js';
import { rawRequest } from '../lib/http.js';
import { EVERYTHING, MEMORY, nodeServer } from '../lib/paths.js';

/**
 * The profile routes against the real engine: create, preview, edit, rename and delete write the
 * config file through the config store (comments survive) and keep tokens pointing at a profile;
 * calls and metrics name the client that made them.
 */

let gw: Gateway;

async function refused(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected the API to refuse the request');
}

beforeAll(async () => {
  gw = await startGateway(
    { memory: nodeServer(MEMORY), everything: nodeServer(EVERYTHING) },
    { clientAuth: 'required' },
  );
  // A hand-written comment the API's edits must keep.
  const text = await readFile(gw.configFile, 'utf8');
  await writeFile(gw.configFile, text.replace('{\n  "gateway": {', '{\n  // my gateway\n  "gateway": {'));
  await gw.waitFor(
    () =>
      gw.engine.ctx.catalog.tools().some((t) => t.server === 'memory') &&
      gw.engine.ctx.catalog.tools().some((t) => t.server === 'everything'),
    'both servers listed',
  );
});

afterAll(async () => {
  await gw?.close();
});

describe('profile routes', () => {
  it('preview shows what globs select, their cost and the patterns that match nothing; it writes nothing', async () => {
    const before = await readFile(gw.configFile, 'utf8');
    const all = await gw.api.call(previewProfile, { body: { profile: {} } });
    expect(all.tools).toBe(all.all.tools);
    expect(all.tokens).toBe(all.all.tokens);

    const narrow = await gw.api.call(previewProfile, {
      body: {
        profile: {
          servers: ['memory'],
          allow: ['memory__read*', 'memory__nothing_like_this*'],
          pinned: ['everything__echo'],
        },
      },
    });
    expect(narrow.selected.map((t) => t.id)).toEqual(['memory__read_graph']);
    expect(narrow.tools).toBe(1);
    expect(narrow.tokens).toBe(narrow.selected[0]!.tokens);
    expect(narrow.tokens).toBeLessThan(all.tokens);
    expect(narrow.servers).toEqual(['memory']);
    expect(narrow.unmatched.allow).toEqual(['memory__nothing_like_this*']);
    expect(narrow.pinnedOutside).toEqual(['everything__echo']);

    const err = await refused(gw.api.call(previewProfile, { body: { profile: { servers: ['memroy'] } } }));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.field).toBe('servers');
    expect(err.message).toContain('"memroy"');
    expect(await readFile(gw.configFile, 'utf8')).toBe(before);
  });

  it('creates a profile in the config file, keeping its comments, and refuses a second one of that name', async () => {
    const out = await gw.api.call(createProfile, {
      body: {
        name: 'coding',
        profile: { servers: ['everything'], deny: ['everything__get*'], description: 'for Cursor' },
      },
    });
    expect(out.name).toBe('coding');
    expect(out.defined).toBe(true);
    expect(out.servers).toEqual(['everything']);
    const visible = gw.engine.ctx.catalog.tools().filter((t) => t.visible && t.server === 'everything');
    const expected = visible.filter((t) => !t.id.startsWith('everything__get'));
    expect(out.tools).toBe(expected.length);
    expect(out.tokens).toBe(expected.reduce((n, t) => n + t.tokens, 0));

    const file = await readFile(gw.configFile, 'utf8');
    expect(file).toContain('// my gateway');
    expect(JSON.parse(file.replace('// my gateway', '')).gateway.profiles.coding).toEqual({
      servers: ['everything'],
      deny: ['everything__get*'],
      description: 'for Cursor',
    });

    const again = await refused(gw.api.call(createProfile, { body: { name: 'coding', profile: {} } }));
    expect(again.status).toBe(409);
    expect(again.code).toBe('PROFILE_EXISTS');
    expect(again.field).toBe('name');
  });

  it('refuses bad input with the field it is about', async () => {
    const badName = await refused(gw.api.call(createProfile, { body: { name: '-bad name', profile: {} } }));
    expect(badName.code).toBe('VALIDATION_FAILED');
    expect(badName.field).toBe('name');
    expect(badName.message).toContain('profile names use letters');

    const badLimit = await refused(
      gw.api.call(putProfile, { params: { name: 'coding' }, body: { rateLimit: { requestsPerMinute: -1 } } }),
    );
    expect(badLimit.code).toBe('VALIDATION_FAILED');
    expect(badLimit.field).toBe('rateLimit.requestsPerMinute');

    const badMode = await refused(
      gw.api.call(putProfile, { params: { name: 'coding' }, body: { mode: 'some' as 'meta' } }),
    );
    expect(badMode.field).toBe('mode');
  });

  it('edits a profile: the new globs apply at once and the other profiles’ entries stay as written', async () => {
    await gw.api.call(createProfile, {
      body: { name: 'graph', profile: { servers: ['memory'], mode: 'meta' } },
    });
    const out = await gw.api.call(putProfile, {
      params: { name: 'coding' },
      body: { servers: ['everything'], allow: ['everything__echo'], rateLimit: { requestsPerMinute: 100 } },
    });
    expect(out.tools).toBe(1);
    const view = gw.engine.ctx.identity!.profiles.get('coding');
    expect(view.allowsTool('everything', 'everything__echo')).toBe(true);
    expect(view.allowsTool('everything', 'everything__add')).toBe(false);
    expect(view.requestsPerMinute).toBe(100);
    const { profiles } = await gw.api.call(listProfiles);
    expect(profiles.find((p) => p.name === 'graph')).toMatchObject({ mode: 'meta', servers: ['memory'] });
  });

  it('renames a profile and moves its tokens along; `default` and taken names are refused', async () => {
    await gw.api.call(createToken, { body: { name: 'cursor', profile: 'coding' } });
    const out = await gw.api.call(renameProfile, { params: { name: 'coding' }, body: { to: 'editor' } });
    expect(out.name).toBe('editor');
    expect(out.clients).toEqual(['cursor']);
    expect(out.tools).toBe(1);
    const { tokens } = await gw.api.call(listTokens);
    expect(tokens.find((t) => t.name === 'cursor')?.profile).toBe('editor');
    const names = (await gw.api.call(listProfiles)).profiles.map((p) => p.name);
    expect(names).toContain('editor');
    expect(names).not.toContain('coding');

    const dflt = await refused(
      gw.api.call(renameProfile, { params: { name: 'default' }, body: { to: 'all' } }),
    );
    expect(dflt.code).toBe('VALIDATION_FAILED');
    expect(dflt.message).toContain('default profile keeps its name');
    const taken = await refused(
      gw.api.call(renameProfile, { params: { name: 'editor' }, body: { to: 'graph' } }),
    );
    expect(taken.code).toBe('PROFILE_EXISTS');
    expect(taken.field).toBe('to');
    const missing = await refused(
      gw.api.call(renameProfile, { params: { name: 'nope' }, body: { to: 'other' } }),
    );
    expect(missing.code).toBe('PROFILE_NOT_FOUND');
    expect(missing.status).toBe(404);
  });

  it('never deletes a profile in use silently: refuses, or moves its tokens to the profile named', async () => {
    const inUse = await refused(gw.api.call(deleteProfile, { params: { name: 'editor' } }));
    expect(inUse.status).toBe(409);
    expect(inUse.code).toBe('PROFILE_IN_USE');
    expect(inUse.message).toContain('"cursor"');
    expect(inUse.message).toContain('--move-to');

    const badTarget = await refused(
      gw.api.call(deleteProfile, { params: { name: 'editor' }, query: { moveTo: 'editor' } }),
    );
    expect(badTarget.field).toBe('moveTo');
    expect((await gw.api.call(listTokens)).tokens.find((t) => t.name === 'cursor')?.profile).toBe('editor');

    const out = await gw.api.call(deleteProfile, { params: { name: 'editor' }, query: { moveTo: 'graph' } });
    expect(out.message).toContain('"cursor" now uses "graph"');
    expect((await gw.api.call(listTokens)).tokens.find((t) => t.name === 'cursor')?.profile).toBe('graph');
    expect(gw.engine.ctx.config.current().gateway.profiles['editor']).toBeUndefined();

    const gone = await refused(gw.api.call(deleteProfile, { params: { name: 'editor' } }));
    expect(gone.code).toBe('PROFILE_NOT_FOUND');
  });
});

describe('calls and metrics by client', () => {
  it('filters calls by client and by profile, and labels call metrics with the token name only', async () => {
    await gw.api.call(createProfile, { body: { name: 'ci', profile: { servers: ['everything'] } } });
    const { token } = await gw.api.call(createToken, { body: { name: 'ci-agent', profile: 'ci' } });
    const client = new V1Client({ name: 'a-name-the-client-picks', version: '1.0.0' });
    const transport = new V1HttpTransport(new URL(`${gw.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    try {
      await client.callTool({ name: 'everything__echo', arguments: { message: 'one' } });
      await client.callTool({ name: 'everything__echo', arguments: { message: 'two' } });
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    }

    const byClient = await gw.api.call(recentCalls, { query: { client: 'ci-agent' } });
    expect(byClient.calls).toHaveLength(2);
    expect(byClient.calls.every((c) => c.client === 'ci-agent' && c.profile === 'ci')).toBe(true);
    const byProfile = await gw.api.call(recentCalls, { query: { profile: 'ci' } });
    expect(byProfile.calls.map((c) => c.client)).toEqual(['ci-agent', 'ci-agent']);
    expect((await gw.api.call(recentCalls, { query: { profile: 'graph' } })).calls).toEqual([]);
    expect(
      (await gw.api.call(recentCalls, { query: { client: 'ci-agent', profile: 'graph' } })).calls,
    ).toEqual([]);

    const text = (
      await rawRequest(gw.url, { path: '/metrics', headers: { authorization: `Bearer ${gw.token}` } })
    ).body;
    expect(text).toMatch(
      /mcp_gateway_tool_calls_total\{server="everything",tool="echo",client="ci-agent",outcome="ok"\} 2/,
    );
    expect(text).toContain('client="ci-agent"');
    expect(text).not.toContain('a-name-the-client-picks');
    expect(text).not.toContain(token);
    const json = await gw.api.call(metrics);
    expect(json.clients.find((c) => c.client === 'ci-agent')).toMatchObject({ calls: 2, errors: 0 });
  });
});
