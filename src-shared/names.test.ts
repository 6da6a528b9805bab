import { describe, expect, it } from 'vitest';

import { buildNameMapping, EXPOSED_NAME_PATTERN, exposedName, sanitizeNamePart, shortHash } from './names.js';

describe('exposedName', () => {
  it('joins server and tool with the separator', () => {
    expect(exposedName('github', 'create_issue')).toBe('github__create_issue');
    expect(exposedName('gh', 'list', '-')).toBe('gh-list');
  });

  it('replaces characters LLM APIs reject', () => {
    expect(exposedName('my.server', 'tool.name with space')).toBe('my_server__tool_name_with_space');
    expect(sanitizeNamePart('')).toBe('_');
  });

  it('truncates long names to 64 characters with a stable hash suffix', () => {
    const long = 'a'.repeat(100);
    const n1 = exposedName('srv', long);
    const n2 = exposedName('srv', long + 'b');
    expect(n1).toHaveLength(64);
    expect(n1).toMatch(EXPOSED_NAME_PATTERN);
    expect(n1).not.toBe(n2);
    expect(exposedName('srv', long)).toBe(n1);
  });

  it('hashes deterministically', () => {
    expect(shortHash('x')).toBe(shortHash('x'));
    expect(shortHash('x')).not.toBe(shortHash('y'));
    expect(shortHash('x')).toHaveLength(7);
  });
});

describe('buildNameMapping', () => {
  it('maps both ways', () => {
    const m = buildNameMapping([
      { server: 'everything', name: 'echo' },
      { server: 'memory', name: 'read_graph' },
    ]);
    expect(m.exposed('everything', 'echo')).toBe('everything__echo');
    expect(m.resolve('memory__read_graph')).toEqual({ server: 'memory', name: 'read_graph' });
    expect(m.resolve('nope')).toBeUndefined();
  });

  it('disambiguates collisions deterministically, whatever the input order', () => {
    // "a.b" sanitises to "a_b": both candidates are "a_b__x".
    const items = [
      { server: 'a_b', name: 'x' },
      { server: 'a.b', name: 'x' },
      { server: 'a', name: 'b__x' }, // "a__b__x" — distinct
    ];
    const m1 = buildNameMapping(items);
    const m2 = buildNameMapping([...items].reverse());
    const names = [...m1.reverse.keys()];
    expect(new Set(names).size).toBe(3);
    for (const n of names) {
      expect(n).toMatch(EXPOSED_NAME_PATTERN);
      expect(m2.resolve(n)).toEqual(m1.resolve(n));
    }
    // The lexically first server keeps the plain name.
    expect(m1.exposed('a.b', 'x')).toBe('a_b__x');
    expect(m1.exposed('a_b', 'x')).toMatch(/^a_b__x_[0-9a-z]{7}$/);
  });

  it('keeps every name valid and unique across many long colliding names', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      server: 's',
      name: `${'x'.repeat(80)}${i % 2 === 0 ? '.' : '_'}${Math.floor(i / 2)}`,
    }));
    const m = buildNameMapping(items);
    expect(m.reverse.size).toBe(200);
    for (const [n, t] of m.reverse) {
      expect(n).toMatch(EXPOSED_NAME_PATTERN);
      expect(m.exposed(t.server, t.name)).toBe(n);
    }
  });
});
