import { afterEach, describe, expect, it } from 'vitest';

import { exchanges, fastSession, fastState } from '../../../test/lib/fast-path.js';
import { send } from '../../../test/lib/frontends.js';
import { answerToolsList, toolsListJson } from './fast-tools-list.js';
import type { MetaTools } from './handlers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A catalog whose list is the array `current.tools` (replaced, never changed in place). */
function listing(current: { tools: object[]; settled: Promise<void> }) {
  let listed = 0;
  return {
    catalog: {
      startupSettled: () => current.settled,
      listTools: () => {
        listed += 1;
        return current.tools as never;
      },
    },
    listed: () => listed,
  };
}

describe('fast path tools/list', () => {
  it('serialises a list once per array and again when the catalog swaps it', () => {
    const current = { tools: [{ name: 'a' }] as object[], settled: Promise.resolve() };
    const { catalog, listed } = listing(current);
    const fp = fastState(catalog);
    const first = toolsListJson(fp, fastSession());
    expect(JSON.parse(first)).toEqual({ tools: [{ name: 'a' }] });
    // The same array: the kept string, not a new serialisation.
    (current.tools[0] as { name: string }).name = 'changed in place';
    expect(toolsListJson(fp, fastSession())).toBe(first);
    current.tools = [{ name: 'b' }];
    expect(JSON.parse(toolsListJson(fp, fastSession()))).toEqual({ tools: [{ name: 'b' }] });
    expect(listed()).toBe(3);
  });

  it('answers meta mode from the meta tools, built per request', () => {
    const fp = fastState(listing({ tools: [{ name: 'a' }], settled: Promise.resolve() }).catalog);
    let n = 0;
    const meta = { tools: () => [{ name: `search_${++n}` }] } as unknown as MetaTools;
    expect(JSON.parse(toolsListJson(fp, fastSession({ meta })))).toEqual({ tools: [{ name: 'search_1' }] });
    expect(JSON.parse(toolsListJson(fp, fastSession({ meta })))).toEqual({ tools: [{ name: 'search_2' }] });
  });

  it('answers once the servers starting with the gateway have listed, and reports what it sent', async () => {
    let settle = () => undefined as void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const current = { tools: [] as object[], settled };
    const sent: Array<[string, string]> = [];
    const fp = fastState(listing(current).catalog, { onToolsList: (id, json) => sent.push([id, json]) });
    const http = await exchanges();
    closers.push(http.close);
    const answer = send(http.url);
    const { res } = await http.next();
    answerToolsList(fp, fastSession(), 7, res);
    // Listed after start-up settled: the tools that came meanwhile are in the answer.
    current.tools = [{ name: 'late' }];
    settle();
    const got = await answer;
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['mcp-session-id']).toBe('s1');
    expect(JSON.parse(got.text)).toEqual({ jsonrpc: '2.0', id: 7, result: { tools: [{ name: 'late' }] } });
    expect(sent).toEqual([['s1', '{"tools":[{"name":"late"}]}']]);
  });

  it('answers a failed start-up wait with a JSON-RPC error', async () => {
    const settled = Promise.reject(new Error('catalog closed'));
    settled.catch(() => undefined);
    const fp = fastState(listing({ tools: [], settled }).catalog);
    const http = await exchanges();
    closers.push(http.close);
    const answer = send(http.url);
    answerToolsList(fp, fastSession(), 'x', (await http.next()).res);
    const got = await answer;
    expect(JSON.parse(got.text)).toEqual({
      jsonrpc: '2.0',
      id: 'x',
      error: { code: -32603, message: 'catalog closed' },
    });
  });
});
