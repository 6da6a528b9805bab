import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { controlWarnings, selectTools } from './select.js';
import { countToolTokens } from './tokens.js';

function tool(name: string, description = `Does ${name}.`): Tool {
  return { name, description, inputSchema: { type: 'object', properties: { value: { type: 'string' } } } };
}

/** A tool whose definition costs noticeably more tokens. */
function bigTool(name: string): Tool {
  return tool(name, `Does ${name}. ${'It has a very long and detailed description. '.repeat(20)}`);
}

const visible = (s: ReturnType<typeof selectTools>): string[] =>
  s.entries.filter((e) => e.visible).map((e) => `${e.server}/${e.name}`);

describe('filters', () => {
  const tools = ['read_file', 'write_file', 'delete_file', 'list_dir', 'search'].map((n) => tool(n));

  it('shows everything without controls', () => {
    const s = selectTools([{ server: 'fs', tools }], { compaction: false });
    expect(s.totals.visibleTools).toBe(5);
    expect(s.warnings).toEqual([]);
  });

  it('applies disabled, deny and allow with globs, naming the reason', () => {
    const s = selectTools(
      [
        {
          server: 'fs',
          tools,
          controls: { allow: ['*_file', 'list_*'], deny: ['delete_*'], disabled: ['write_file'] },
        },
      ],
      { compaction: false },
    );
    const reasons = Object.fromEntries(s.entries.map((e) => [e.name, e.hiddenReason ?? 'visible']));
    expect(reasons).toEqual({
      read_file: 'visible',
      write_file: 'disabled',
      delete_file: 'denied',
      list_dir: 'visible',
      search: 'not-allowed',
    });
  });

  it('supports brace and negation globs', () => {
    const s = selectTools([{ server: 'fs', tools, controls: { allow: ['{read,list}_*'] } }], {
      compaction: false,
    });
    expect(visible(s)).toEqual(['fs/read_file', 'fs/list_dir']);
  });

  it('warns about patterns matching nothing and unknown disabled names', () => {
    const s = selectTools(
      [
        {
          server: 'fs',
          tools,
          controls: { allow: ['nope*', '*'], deny: ['zzz'], disabled: ['ghost'], pinned: ['search', 'gone'] },
        },
      ],
      {
        compaction: false,
      },
    );
    expect(s.warnings).toEqual([
      'server "fs": allow pattern "nope*" matches none of its tools',
      'server "fs": deny pattern "zzz" matches none of its tools',
      'server "fs": disabled tool(s) not offered by the server: ghost',
      'server "fs": pinned tool(s) not offered by the server: gone',
    ]);
  });

  it('does not warn about a server that has not listed its tools yet', () => {
    const s = selectTools([{ server: 'fs', tools: [], controls: { allow: ['x'], disabled: ['y'] } }], {
      compaction: false,
    });
    expect(s.warnings).toEqual([]);
  });
});

describe('budgets', () => {
  it('keeps the first N tools of a server in listing order', () => {
    const tools = ['c', 'a', 'b', 'd'].map((n) => tool(n));
    const s = selectTools([{ server: 's', tools, controls: { maxTools: 2 } }], { compaction: false });
    expect(visible(s)).toEqual(['s/c', 's/a']);
    expect(s.entries.filter((e) => e.hiddenReason === 'budget').map((e) => e.name)).toEqual(['b', 'd']);
    expect(s.warnings).toEqual(['server "s": budget (maxTools 2) hid 2 tool(s): b, d']);
  });

  it('token budget is first fit: a big tool is skipped, a later small one still fits', () => {
    const small = tool('small1');
    const big = bigTool('big');
    const small2 = tool('small2');
    const budget = countToolTokens(small) + countToolTokens(small2) + 1;
    expect(countToolTokens(big)).toBeGreaterThan(budget);
    const s = selectTools([{ server: 's', tools: [small, big, small2], controls: { maxTokens: budget } }], {
      compaction: false,
    });
    expect(visible(s)).toEqual(['s/small1', 's/small2']);
    expect(s.entries[1]?.hiddenReason).toBe('budget');
  });

  it('ties: equal-cost tools are decided by listing order, never by name', () => {
    const tools = ['zz', 'aa', 'mm'].map((n) => tool(n));
    const per = countToolTokens(tools[0] as Tool);
    expect(tools.every((t) => countToolTokens(t) === per)).toBe(true);
    const s = selectTools([{ server: 's', tools, controls: { maxTokens: per * 2 } }], { compaction: false });
    expect(visible(s)).toEqual(['s/zz', 's/aa']);
  });

  it('total budget runs across servers in the given order, after the server budgets', () => {
    const s = selectTools(
      [
        { server: 'one', tools: ['a', 'b', 'c'].map((n) => tool(n)), controls: { maxTools: 2 } },
        { server: 'two', tools: ['d', 'e'].map((n) => tool(n)) },
      ],
      { compaction: false, maxTools: 3 },
    );
    expect(visible(s)).toEqual(['one/a', 'one/b', 'two/d']);
    expect(s.warnings).toEqual([
      'server "one": budget (maxTools 2) hid 1 tool(s): c',
      'total budget (maxTools 3) hid 1 tool(s): two/e',
    ]);
  });

  it('total token budget first-fit across servers; filtered tools never use budget', () => {
    const a = tool('a');
    const per = countToolTokens(a);
    const s = selectTools(
      [
        { server: 'one', tools: [a, bigTool('huge')], controls: { disabled: ['huge'] } },
        { server: 'two', tools: [bigTool('big'), tool('b')] },
      ],
      { compaction: false, maxTokens: per * 2 + 1 },
    );
    expect(visible(s)).toEqual(['one/a', 'two/b']);
    expect(s.entries.map((e) => e.hiddenReason)).toEqual([undefined, 'disabled', 'budget', undefined]);
  });

  it('is deterministic: the same input always selects the same set', () => {
    const input = [
      {
        server: 'x',
        tools: Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? bigTool(`t${i}`) : tool(`t${i}`))),
      },
    ];
    const first = selectTools(input, { compaction: false, maxTokens: 1500 });
    for (let i = 0; i < 5; i++) {
      expect(visible(selectTools(input, { compaction: false, maxTokens: 1500 }))).toEqual(visible(first));
    }
  });

  it('lists long cuts briefly', () => {
    const tools = Array.from({ length: 12 }, (_, i) => tool(`t${i}`));
    const s = selectTools([{ server: 's', tools, controls: { maxTools: 1 } }], { compaction: false });
    expect(s.warnings[0]).toBe(
      'server "s": budget (maxTools 1) hid 11 tool(s): t1, t2, t3, t4, t5, t6, t7, t8 and 3 more',
    );
  });
});

describe('totals and compaction in selection', () => {
  it('counts full and visible tokens', () => {
    const tools = [tool('a'), tool('b')];
    const s = selectTools([{ server: 's', tools, controls: { disabled: ['b'] } }], { compaction: false });
    expect(s.totals).toEqual({
      visibleTokens: countToolTokens(tools[0] as Tool),
      allTokens: countToolTokens(tools[0] as Tool) + countToolTokens(tools[1] as Tool),
      visibleTools: 1,
      allTools: 2,
    });
  });

  it('with compaction, budgets use the compacted size and fullTokens keeps the original', () => {
    const t = tool('a', `  Reads   the\n\n\n\nfile.   `);
    const s = selectTools([{ server: 's', tools: [t] }], { compaction: true });
    const e = s.entries[0];
    expect(e?.tool.description).toBe('Reads the\n\nfile.');
    expect(e?.fullTokens).toBe(countToolTokens(t));
    expect(e?.tokens).toBeLessThan(e?.fullTokens ?? 0);
    expect(t.description).toBe(`  Reads   the\n\n\n\nfile.   `);
  });
});

describe('control warnings', () => {
  it('names patterns matching nothing and disabled or pinned names the server does not offer', () => {
    const names = ['read_file', 'write_file'];
    expect(
      controlWarnings(
        'fs',
        { allow: ['read_*', 'list_*'], deny: ['rm_*'], pinned: ['read_file', 'zip'] },
        names,
        new Set(['write_file', 'gone']),
      ),
    ).toEqual([
      'server "fs": allow pattern "list_*" matches none of its tools',
      'server "fs": deny pattern "rm_*" matches none of its tools',
      'server "fs": disabled tool(s) not offered by the server: gone',
      'server "fs": pinned tool(s) not offered by the server: zip',
    ]);
    expect(controlWarnings('fs', {}, names, new Set())).toEqual([]);
  });
});
