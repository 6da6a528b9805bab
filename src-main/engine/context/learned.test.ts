import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { ct, metaDeps } from '../../../test/lib/context.js';
import type { CallContext } from '../types.js';
import { createSearchMemory, type Entry, liftOf } from './learned.js';
import { createMetaToolset, META_TOOL_NAMES } from './meta.js';
import { contentWords } from './search.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'search-memory-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) {
    rmSync(d, { recursive: true, force: true });
  }
});

describe('search memory', () => {
  it('lifts a remembered tool for similar requests only', () => {
    const m = createSearchMemory();
    m.record(contentWords('ship the release notes to the team'), 'chat__post');
    expect(m.lift(contentWords('ship release notes to my team')).get('chat__post')).toBeGreaterThan(0);
    expect(m.lift(contentWords('weather in Paris')).size).toBe(0);
    // Repeated use lifts more, up to 1.
    const once = m.lift(contentWords('ship the release notes to the team')).get('chat__post') ?? 0;
    m.record(contentWords('ship the release notes to the team'), 'chat__post');
    m.record(contentWords('ship the release notes to the team'), 'chat__post');
    m.record(contentWords('ship the release notes to the team'), 'chat__post');
    const often = m.lift(contentWords('ship the release notes to the team')).get('chat__post') ?? 0;
    expect(often).toBeGreaterThan(once);
    expect(often).toBeLessThanOrEqual(1);
  });

  it('is bounded: the least recently used pairs go first', () => {
    const m = createSearchMemory({ maxEntries: 3 });
    for (const w of ['alpha', 'bravo', 'charlie', 'delta']) {
      m.record([w], `s__${w}`);
    }
    expect(m.size()).toBe(3);
    expect(m.lift(['alpha']).size).toBe(0);
    m.record(['bravo'], 's__bravo'); // used again: now the most recent
    m.record(['echo'], 's__echo');
    expect(m.lift(['bravo']).get('s__bravo')).toBeGreaterThan(0);
    expect(m.lift(['charlie']).size).toBe(0);
  });

  it('survives a restart through its file in the data folder, and starts over on a damaged one', async () => {
    const file = join(tempDir(), 'search-memory.json');
    const first = createSearchMemory({ file, saveDelayMs: 10 });
    first.record(contentWords('let the team know'), 'slack__post_message');
    await first.flush();
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { version: number; entries: unknown[] };
    expect(onDisk.version).toBe(1);
    expect(onDisk.entries).toHaveLength(1);
    const second = createSearchMemory({ file });
    expect(second.lift(contentWords('let the whole team know')).get('slack__post_message')).toBeGreaterThan(
      0,
    );
    writeFileSync(file, '{ not json');
    expect(createSearchMemory({ file }).size()).toBe(0);
    second.clear();
    await second.flush();
    expect(createSearchMemory({ file }).size()).toBe(0);
  });
});

describe('learning from use in meta mode', () => {
  const tools = [
    ct('a', 'export_csv', 'Export rows as a file'),
    ct('b', 'export_pdf', 'Export rows as a file'),
  ];

  function setup(enabled: { on: boolean }) {
    const memory = createSearchMemory();
    const meta = createMetaToolset(
      metaDeps(tools, {
        learning: { enabled: () => enabled.on, memory },
        // The learned lift alone: word vectors would move the tie it breaks.
        wordVectors: { enabled: () => false },
      }),
    );
    return { memory, meta };
  }
  const s1: CallContext = { client: 'c', sessionId: 's1' };
  const s2: CallContext = { client: 'c', sessionId: 's2' };

  it('a search followed by a call of one of its results lifts that tool next time', async () => {
    const { memory, meta } = setup({ on: true });
    expect(meta.search('export the rows').map((h) => h.id)).toEqual(['a__export_csv', 'b__export_pdf']);
    await meta.call(META_TOOL_NAMES.search, { query: 'export the rows' }, s1);
    // Another session's call does not count for s1's search.
    await meta.call(META_TOOL_NAMES.call, { id: 'b__export_pdf' }, s2);
    expect(memory.size()).toBe(0);
    await meta.call(META_TOOL_NAMES.call, { id: 'b__export_pdf' }, s1);
    expect(memory.size()).toBe(1);
    const [top] = meta.search('export these rows');
    expect(top?.id).toBe('b__export_pdf');
    expect(top?.matched).toContain('used before');
  });

  it('the off switch stops both remembering and lifting', async () => {
    const enabled = { on: false };
    const { memory, meta } = setup(enabled);
    await meta.call(META_TOOL_NAMES.search, { query: 'export the rows' }, s1);
    await meta.call(META_TOOL_NAMES.call, { id: 'b__export_pdf' }, s1);
    expect(memory.size()).toBe(0);
    memory.record(contentWords('export the rows'), 'b__export_pdf');
    expect(meta.search('export the rows')[0]?.id).toBe('a__export_csv');
    enabled.on = true;
    expect(meta.search('export the rows')[0]?.id).toBe('b__export_pdf');
  });
});

describe('learned lift', () => {
  const entry = (words: string[], tool: string, count: number): [string, Entry] => [
    `${words.join(' ')}|${tool}`,
    { words, tool, count, last: 0 },
  ];
  it('lifts by word overlap (Jaccard, at least a half), scaled by calls, the best per tool', () => {
    const entries = new Map([
      entry(['send', 'messag'], 'chat__post', 3),
      entry(['send', 'messag', 'team'], 'chat__post', 1),
      entry(['send', 'mail', 'bob', 'now'], 'mail__send', 3),
    ]);
    const lift = liftOf(entries, ['messag', 'send']);
    expect(lift.get('chat__post')).toBe(1);
    expect(lift.has('mail__send')).toBe(false);
    expect(liftOf(entries, ['send', 'messag', 'team']).get('chat__post')).toBeCloseTo(2 / 3, 12);
    expect(liftOf(entries, []).size).toBe(0);
  });
});
