import { describe, expect, it } from 'vitest';

import {
  canSleepNow,
  lastErrorLabel,
  nextAttemptText,
  restartsText,
  signInText,
  sleepPolicy,
  transportText,
  troubleText,
} from './status-text.js';

describe('status text', () => {
  it('says where a sign-in stands, at which issuer and scope, how, and whether the token is DPoP-bound', () => {
    expect(signInText({ signedIn: false, pending: true })).toBe('waiting for the browser to come back');
    expect(signInText({ signedIn: false, pending: false })).toBe('not signed in');
    expect(signInText({ signedIn: true, pending: false, issuer: 'https://as.test', scope: 'read' })).toBe(
      'signed in at https://as.test · read',
    );
    expect(signInText({ signedIn: true, pending: false, grant: 'client_credentials', dpop: true })).toBe(
      'signed in · machine account (client credentials) · DPoP-bound token (key in the keychain)',
    );
    expect(signInText({ signedIn: false, pending: false, grant: 'jwt_bearer', dpop: true })).toBe(
      'not signed in · workload identity (JWT bearer)',
    );
    expect(signInText({ signedIn: true, pending: false, grant: 'enterprise' })).toBe(
      "signed in · enterprise-managed (your identity provider's ID-JAG)",
    );
  });

  it('mutes the last error once the server runs or sleeps again', () => {
    expect(lastErrorLabel({ state: 'running' })).toEqual({ label: 'Earlier error', muted: true });
    expect(lastErrorLabel({ state: 'sleeping' })).toEqual({ label: 'Earlier error', muted: true });
    expect(lastErrorLabel({ state: 'error' })).toEqual({ label: 'Last error', muted: false });
    expect(lastErrorLabel({ state: 'restarting' })).toEqual({ label: 'Last error', muted: false });
  });

  it('words the next attempt, restarts and transport', () => {
    expect(nextAttemptText(61_000, 0)).toBe('in 1m 1s');
    expect(nextAttemptText(1_000, 1_000)).toBe('now');
    expect(restartsText({ restarts: 3, failures: 0 })).toBe('3');
    expect(restartsText({ restarts: 3, failures: 1 })).toBe('3 · 1 recent failures');
    expect(transportText({ transport: 'http' })).toBe('http');
    expect(transportText({ transport: 'stdio', protocolVersion: '2025-06-18', pid: 42 })).toBe(
      'stdio · protocol 2025-06-18 · pid 42',
    );
  });

  it('offers Sleep now only for a running local server that nothing keeps awake', () => {
    expect(canSleepNow({ state: 'running', transport: 'stdio' })).toBe(true);
    expect(canSleepNow({ state: 'running', transport: 'stdio', sleepBlockers: [] })).toBe(true);
    expect(canSleepNow({ state: 'running', transport: 'stdio', sleepBlockers: ['keepAwake'] })).toBe(false);
    expect(canSleepNow({ state: 'running', transport: 'http' })).toBe(false);
    expect(canSleepNow({ state: 'sleeping', transport: 'stdio' })).toBe(false);
  });

  it('says when a server sleeps, or why it does not', () => {
    const base = { transport: 'stdio', disabled: false, sleepAfterMs: 600_000 };
    expect(sleepPolicy(base)).toBe('After 10m 0s without a request (starts again on first use)');
    expect(sleepPolicy({ ...base, disabled: true })).toBe('—');
    expect(sleepPolicy({ ...base, sleepAfterMs: undefined })).toBe('—');
    expect(sleepPolicy({ ...base, sleepBlockers: ['keepAwake', 'a subscription'] })).toBe(
      'Cannot sleep: keepAwake; a subscription',
    );
    expect(sleepPolicy({ ...base, transport: 'http' })).toBe(
      'Remote: stays connected; health pings pause after 10m 0s idle',
    );
  });

  it('says what to do while a server fails, and nothing while it does not', () => {
    expect(troubleText({ state: 'running' }, 0)).toBeUndefined();
    expect(troubleText({ state: 'sleeping' }, 0)).toBeUndefined();
    expect(troubleText({ state: 'error', nextAttemptAt: 30_000 }, 0)).toEqual({
      title: 'This server keeps failing, so the gateway stopped trying',
      help: 'Fix the cause (Edit the config, install the command, check the URL), then reset the circuit. The gateway tries once more by itself in 30s.',
    });
    expect(troubleText({ state: 'error', nextAttemptAt: 30_000 }, 30_000)?.help).not.toContain(
      'tries once more',
    );
    expect(troubleText({ state: 'restarting', nextAttemptAt: 5_000 }, 0)?.help).toBe(
      'Next attempt in 5s. The Logs tab shows what it wrote before it stopped.',
    );
    expect(troubleText({ state: 'restarting' }, 0)?.help).toMatch(/^Next attempt now\./);
    expect(troubleText({ state: 'degraded' }, 0)?.title).toBe('This server is slow to answer health checks');
  });
});
