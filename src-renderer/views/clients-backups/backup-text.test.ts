import { describe, expect, it } from 'vitest';

import { newestFirst, restoredSummary, when } from './backup-text.js';

describe('backup text', () => {
  it('says what a restore put back', () => {
    expect(restoredSummary({ restored: [] })).toBe('There was nothing to restore.');
    expect(restoredSummary({ restored: [{ file: '/a.json', result: 'unchanged' }] })).toBe(
      'The files already held their original contents.',
    );
    expect(
      restoredSummary({
        restored: [
          { file: '/a.json', result: 'restored' },
          { file: '/b.json', result: 'unchanged' },
        ],
      }),
    ).toBe('Put back: /a.json. Restart the client so it reads the file again.');
  });

  it('keeps text that is not a date, and sorts backups newest first', () => {
    expect(when('not a date')).toBe('not a date');
    expect(when('2026-01-02T03:04:05Z')).not.toBe('2026-01-02T03:04:05Z');
    const list = [{ time: '2026-01-01' }, { time: '2026-03-01' }, { time: '2026-02-01' }];
    expect(newestFirst(list).map((b) => b.time)).toEqual(['2026-03-01', '2026-02-01', '2026-01-01']);
    expect(list[0]?.time).toBe('2026-01-01');
  });
});
