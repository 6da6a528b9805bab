import { describe, expect, it } from 'vitest';

import type { ContextPreview } from '../../../src-shared/api/context.js';
import { limitsEffect, limitsForm, limitsInvalid, nextControls, parseGlobs, parseLimit } from './limits.js';

describe('tool limits', () => {
  it('fills the form from the stored controls', () => {
    expect(limitsForm({})).toEqual({ deny: '', allow: '', maxTools: '', maxTokens: '' });
    expect(limitsForm({ deny: ['a_*', 'b'], allow: ['c'], maxTools: 5, maxTokens: 1200 })).toEqual({
      deny: 'a_*, b',
      allow: 'c',
      maxTools: '5',
      maxTokens: '1200',
    });
  });

  it('reads a limit as a whole number above zero, empty as no limit, anything else as invalid', () => {
    expect(parseLimit('')).toBeUndefined();
    expect(parseLimit('  ')).toBeUndefined();
    expect(parseLimit(' 12 ')).toBe(12);
    expect(parseLimit('0')).toBeNull();
    expect(parseLimit('-3')).toBeNull();
    expect(parseLimit('1.5')).toBeNull();
    expect(parseLimit('ten')).toBeNull();
    expect(limitsInvalid({ deny: '', allow: '', maxTools: '3', maxTokens: '' })).toBe(false);
    expect(limitsInvalid({ deny: '', allow: '', maxTools: '', maxTokens: 'x' })).toBe(true);
  });

  it('reads globs separated by commas, none as undefined', () => {
    expect(parseGlobs(' delete_*, , *_admin ')).toEqual(['delete_*', '*_admin']);
    expect(parseGlobs(' , ')).toBeUndefined();
  });

  it('puts the four fields into the controls, removing the emptied ones and keeping the others', () => {
    const controls = { deny: ['x'], maxTools: 4, pinned: ['keep'] };
    expect(
      nextControls(controls, { deny: '', allow: 'read_*', maxTools: '', maxTokens: '900' }),
    ).toStrictEqual({
      allow: ['read_*'],
      maxTokens: 900,
      pinned: ['keep'],
    });
    expect(controls).toEqual({ deny: ['x'], maxTools: 4, pinned: ['keep'] });
  });

  it("words the preview's effect on this server, and nothing when it is not in the preview", () => {
    const figures = (name: string, tools: number, visibleTools: number, tokens: number) => ({
      servers: [{ name, tools, visibleTools, tokens }],
    });
    const p = {
      current: figures('memory', 9, 9, 2400),
      proposed: figures('memory', 9, 3, 800),
    } as unknown as ContextPreview;
    expect(limitsEffect(p, 'memory')).toBe('Clients would see 3 of 9 tools (800 tokens, now 2,400).');
    expect(limitsEffect(p, 'other')).toBeUndefined();
  });
});
