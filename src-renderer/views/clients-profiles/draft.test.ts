import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api/client.js';
import { configOf, draftOf, fieldMessage, fieldOf, lines, nameProblem, serverChoices } from './draft.js';

describe('profile draft', () => {
  it('reads a profile into the form, one glob or pin a line', () => {
    const d = draftOf('coding', {
      description: 'for Cursor',
      servers: ['gh'],
      allow: ['gh__get_*', 'gh__list_*'],
      pinned: ['gh__get_issue'],
      rateLimit: { requestsPerMinute: 60 },
    });
    expect(d).toEqual({
      name: 'coding',
      description: 'for Cursor',
      allServers: false,
      servers: ['gh'],
      allow: 'gh__get_*\ngh__list_*',
      deny: '',
      mode: '',
      pinned: 'gh__get_issue',
      rateLimit: '60',
    });
    expect(draftOf('x', {}).allServers).toBe(true);
  });

  it('writes the form back, leaving out empty fields and keeping keys it does not know', () => {
    const base = { description: 'old', deny: ['x'], future: 1 } as never;
    const d = {
      ...draftOf('p', base),
      description: '  ',
      allow: ' a*\n\n b \n',
      deny: '',
      mode: 'meta' as const,
    };
    expect(configOf(d, base)).toEqual({ future: 1, allow: ['a*', 'b'], mode: 'meta' });
    expect(configOf({ ...d, allServers: false, servers: [] }, {}).servers).toEqual([]);
  });

  it('sends the rate limit as typed so the engine names the field', () => {
    const d = draftOf('p', {});
    expect(configOf({ ...d, rateLimit: '30' }, {}).rateLimit).toEqual({ requestsPerMinute: 30 });
    expect(configOf({ ...d, rateLimit: 'lots' }, {}).rateLimit).toEqual({ requestsPerMinute: 'lots' });
    expect(configOf({ ...d, rateLimit: ' ' }, {}).rateLimit).toBeUndefined();
  });

  it('splits lines, trimmed, without empty ones', () => {
    expect(lines(' a \n\n b')).toEqual(['a', 'b']);
  });
});

describe('errors at their field', () => {
  const err = new ApiError(
    400,
    'CONFIG_INVALID',
    'profile.rateLimit.requestsPerMinute: must be positive',
    'profile.rateLimit.requestsPerMinute',
  );

  it('finds the form field an API error is about', () => {
    expect(fieldOf(err)).toBe('rateLimit');
    expect(fieldOf(new ApiError(400, 'CONFIG_INVALID', 'taken', 'to'))).toBe('name');
    expect(fieldOf(new ApiError(400, 'CONFIG_INVALID', 'bad', 'profile.allow[2]'))).toBe('allow');
    expect(fieldOf(new ApiError(400, 'CONFIG_INVALID', 'bad', 'profile.other'))).toBeUndefined();
    expect(fieldOf(new Error('x'))).toBeUndefined();
  });

  it('drops the field path the form shows as the label', () => {
    expect(fieldMessage(err)).toBe('must be positive');
    expect(fieldMessage(new Error('plain'))).toBe('plain');
    expect(fieldMessage('text')).toBe('text');
  });

  it('asks a new profile for a free name; an edited one keeps its own', () => {
    expect(nameProblem('', true, [])).toBe('Give the profile a name, e.g. coding.');
    expect(nameProblem('a', true, ['a'])).toBe(
      'There is a profile "a" already: pick another name, or edit that one.',
    );
    expect(nameProblem('a', false, ['a'])).toBeUndefined();
    expect(nameProblem('b', true, ['a'])).toBeUndefined();
  });

  it('offers the gateway servers and the ones the profile names, once each, sorted', () => {
    expect(serverChoices(['memory', 'gh'], ['gone', 'gh'])).toEqual(['gh', 'gone', 'memory']);
  });
});
