import { describe, expect, it } from 'vitest';

import { previewText } from './profiles.js';

describe('previewText', () => {
  it('sums up what a profile selects and notes globs and pins that match nothing', () => {
    const p = {
      tools: 3,
      tokens: 900,
      all: { tools: 10, tokens: 4000 },
      mode: 'all',
      servers: ['fs', 'web'],
      unmatched: { allow: ['gh__*'], deny: ['*drop*'] },
      pinnedOutside: ['db__query'],
    };
    expect(previewText('work', p as never)).toBe(
      'profile "work": 3 of 10 tools, 900 of 4000 tokens, mode all, servers fs, web\n' +
        'note: allow "gh__*" matches no tool\n' +
        'note: deny "*drop*" matches no tool\n' +
        'note: pinned "db__query" is not among its tools, so it is not listed\n',
    );
    const none = { ...p, servers: [], unmatched: { allow: [], deny: [] }, pinnedOutside: [] };
    expect(previewText('empty', none as never)).toBe(
      'profile "empty": 3 of 10 tools, 900 of 4000 tokens, mode all, servers none\n',
    );
  });
});
