import { describe, expect, it } from 'vitest';

import { approvedText } from './server-actions.js';

describe('approvedText', () => {
  it('names where the server came from, what it runs and what it may expand', () => {
    const before = {
      config: { command: 'npx', args: ['-y', 'tool'] },
      origin: { client: 'vscode', scope: 'project', project: '/repo' },
    };
    expect(approvedText('t', before as never, ['HOME', 'secret:gh'], 'starting')).toBe(
      "approved 't' from /repo: runs npx -y tool; expands ${HOME}, ${secret:gh} (now starting)\n",
    );
    const remote = { config: { url: 'https://x.test' }, origin: { client: 'cursor', scope: 'user' } };
    expect(approvedText('r', remote as never, [], 'running')).toBe(
      "approved 'r' from cursor: runs https://x.test (now running)\n",
    );
  });
});
