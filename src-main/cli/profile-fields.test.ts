import { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { applyOptions, fieldOptions } from './profile-fields.js';

describe('applyOptions', () => {
  it('replaces each field given and keeps the others', () => {
    const base = { description: 'old', servers: ['a'], mode: 'all' as const };
    expect(
      applyOptions(base, {
        servers: ['b', 'c'],
        allow: ['b__*'],
        deny: ['*delete*'],
        pin: ['b__x'],
        rateLimit: '60',
      }),
    ).toEqual({
      description: 'old',
      servers: ['b', 'c'],
      mode: 'all',
      allow: ['b__*'],
      deny: ['*delete*'],
      pinned: ['b__x'],
      rateLimit: { requestsPerMinute: 60 },
    });
    expect(base).toEqual({ description: 'old', servers: ['a'], mode: 'all' });
  });

  it('clears fields by their config names, before setting any', () => {
    expect(
      applyOptions(
        { description: 'd', pinned: ['x'], mode: 'meta' },
        { clear: ['pinned', 'mode'], mode: 'all' },
      ),
    ).toEqual({
      description: 'd',
      mode: 'all',
    });
    expect(() => applyOptions({}, { clear: ['pin'] })).toThrow(
      '--clear takes description, servers, allow, deny, mode, pinned, rateLimit; "pin" is none of them',
    );
  });

  it('refuses a mode or rate that is not one', () => {
    expect(() => applyOptions({}, { mode: 'some' })).toThrow('--mode is "all" or "meta", not "some"');
    for (const bad of ['0', '-1', '1.5', 'x']) {
      expect(() => applyOptions({}, { rateLimit: bad })).toThrow(`--rate-limit is a whole number`);
    }
  });
});

describe('fieldOptions', () => {
  it('adds the options that set each field', () => {
    expect(fieldOptions(new Command('x')).options.map((o) => o.long)).toEqual([
      '--description',
      '--servers',
      '--allow',
      '--deny',
      '--mode',
      '--pin',
      '--rate-limit',
    ]);
  });
});
