import { describe, expect, it } from 'vitest';

import { failureNotification, heldBackNotification, recoveredNotification } from './notification-texts.js';

describe('notification texts', () => {
  it('name one failure with its reason and server, and several together', () => {
    expect(failureNotification([{ server: 'fs', kind: 'circuit', reason: 'exit 1' }])).toEqual({
      title: 'fs stopped after repeated failures',
      body: 'fs keeps failing and was stopped (circuit open). exit 1',
      server: 'fs',
    });
    expect(failureNotification([{ server: 'fs', kind: 'failed', reason: '' }]).body).toBe(
      'fs failed and is restarting.',
    );
    expect(
      failureNotification([
        { server: 'a', kind: 'failed', reason: 'x' },
        { server: 'b', kind: 'circuit', reason: 'y' },
      ]),
    ).toEqual({
      title: '2 servers failed',
      body: 'a failed and is restarting\nb keeps failing and was stopped (circuit open)',
    });
  });

  it('word held-back tools and a recovery', () => {
    expect(heldBackNotification('fs', ['read']).title).toBe('Tool read of fs held back');
    const two = heldBackNotification('fs', ['read', 'write']);
    expect(two.title).toBe('2 tools of fs held back');
    expect(two.body).toContain('read, write changed, are new or look poisoned');
    expect(recoveredNotification('fs')).toEqual({
      title: 'fs is running again',
      body: 'fs recovered and is serving its tools.',
      server: 'fs',
    });
  });
});
