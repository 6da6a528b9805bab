import { describe, expect, it } from 'vitest';

import type { Logger } from '../types.js';
import { createSignInEvents } from './sign-in-events.js';

describe('sign-in events', () => {
  it('a failing listener is logged and the others still hear; a disposed one does not', () => {
    const errors: string[] = [];
    const log = { error: (msg: string) => errors.push(msg) } as unknown as Logger;
    const events = createSignInEvents(log);
    const heard: string[] = [];
    events.onSignInNeeded(() => {
      throw new Error('boom');
    });
    events.onSignInNeeded((server, reason) => heard.push(`${server}: ${reason}`));
    const gone = events.onSignedIn((server) => heard.push(`gone ${server}`));
    events.onSignedIn((server) => heard.push(`in ${server}`));
    events.needed('docs', 'signed out');
    gone.dispose();
    events.signedIn('docs');
    expect(heard).toEqual(['docs: signed out', 'in docs']);
    expect(errors).toEqual(['sign-in listener failed']);
    events.clear();
    events.signedIn('docs');
    expect(heard).toHaveLength(2);
  });
});
