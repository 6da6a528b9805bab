import { describe, expect, it } from 'vitest';

import { createLogTrouble } from './log-trouble.js';

const full = Object.assign(new Error('no space'), { code: 'ENOSPC' });

describe('log trouble', () => {
  it('tells the first dropped line of an episode and counts the rest until a line is written', () => {
    const notes: string[] = [];
    const trouble = createLogTrouble('/logs/main.log', (n) => notes.push(n));
    expect(trouble.recovered()).toBeUndefined();
    trouble.dropped('open', full);
    trouble.dropped('write', full);
    trouble.dropped('write', full);
    expect(notes).toEqual([
      'could not open /logs/main.log (ENOSPC); log lines are dropped until it works again',
    ]);
    expect(trouble.recovered()).toBe(3);
    expect(trouble.recovered()).toBeUndefined();
    trouble.dropped('write', new Error('gone'));
    expect(notes.at(-1)).toBe(
      'could not write /logs/main.log (gone); log lines are dropped until it works again',
    );
  });

  it('tells a failed rotation once', () => {
    const notes: string[] = [];
    const trouble = createLogTrouble('/logs/main.log', (n) => notes.push(n));
    trouble.rotateFailed(Object.assign(new Error('busy'), { code: 'EBUSY' }));
    trouble.rotateFailed(full);
    expect(notes).toEqual(['could not rotate /logs/main.log (EBUSY); it grows past its limit until it can']);
  });
});
