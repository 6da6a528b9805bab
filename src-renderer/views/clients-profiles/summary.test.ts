import { describe, expect, it } from 'vitest';

import type { ProfileSummaryDto } from '../../../src-shared/api/identity.js';
import { clientsText, movedAlong, serversText } from './summary.js';

const profile = (config: object, servers: string[], clients: string[]) =>
  ({ name: 'p', config, servers, clients }) as unknown as ProfileSummaryDto;

describe('profile summary', () => {
  it('says which servers a profile takes', () => {
    expect(serversText(profile({}, ['a', 'b'], []))).toBe('all');
    expect(serversText(profile({ servers: [] }, [], []))).toBe('—');
    expect(serversText(profile({ servers: ['a', 'b'] }, ['a', 'b'], []))).toBe('a, b');
  });

  it('lists its clients, and the ones a rename moves', () => {
    expect(clientsText(profile({}, [], []))).toBe('—');
    expect(clientsText(profile({}, [], ['cursor', 'ci']))).toBe('cursor, ci');
    expect(movedAlong([])).toBeUndefined();
    expect(movedAlong(['cursor'])).toBe('cursor moved along; their sessions reconnect.');
  });
});
