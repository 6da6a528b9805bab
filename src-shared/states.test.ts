import { describe, expect, it } from 'vitest';

import { canTransition, countStates, summariseHealth } from './states.js';

describe('server state machine', () => {
  it('allows only the documented transitions', () => {
    expect(canTransition('running', 'degraded')).toBe(true);
    expect(canTransition('disabled', 'running')).toBe(false);
    expect(canTransition('error', 'running')).toBe(false);
    expect(canTransition('running', 'sleeping')).toBe(true);
    expect(canTransition('sleeping', 'running')).toBe(false);
    expect(canTransition('starting', 'needs-sign-in')).toBe(true);
    expect(canTransition('needs-sign-in', 'running')).toBe(false);
  });

  it('summarises health the way the tray colours it', () => {
    expect(summariseHealth([])).toBe('empty');
    expect(summariseHealth(['running', 'disabled'])).toBe('ok');
    expect(summariseHealth(['running', 'restarting'])).toBe('degraded');
    expect(summariseHealth(['running', 'error', 'degraded'])).toBe('failed');
    expect(summariseHealth(['running'], true)).toBe('paused');
    expect(summariseHealth(['running', 'sleeping'])).toBe('ok');
    expect(summariseHealth(['sleeping', 'needs-sign-in'])).toBe('degraded');
  });

  it('counts every state', () => {
    const c = countStates(['running', 'running', 'error']);
    expect(c.running).toBe(2);
    expect(c.error).toBe(1);
    expect(c.disabled).toBe(0);
  });
});
