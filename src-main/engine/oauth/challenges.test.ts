import { describe, expect, it } from 'vitest';

import { manualClock } from '../../../test/lib/clock.js';
import { createChallenges } from './challenges.js';

const answer = (status: number, challenge?: string) =>
  new Response(null, { status, ...(challenge ? { headers: { 'www-authenticate': challenge } } : {}) });
const insufficient = (scope: string) => answer(403, `Bearer error="insufficient_scope", scope="${scope}"`);

describe("the servers' challenges", () => {
  it('a 401 adds its scope to those asked for before and keeps where the metadata is', () => {
    const challenges = createChallenges({ clock: manualClock(), maxStepUps: 2 });
    const meta = 'https://mcp.example.com/.well-known/oauth-protected-resource';
    challenges.unauthorized('docs', answer(401, `Bearer scope="files:read", resource_metadata="${meta}"`));
    const params = challenges.unauthorized('docs', answer(401, 'Bearer error="invalid_token", scope="mail"'));
    expect(params.error).toBe('invalid_token');
    expect(challenges.get('docs')?.scope?.split(' ').sort()).toEqual(['files:read', 'mail']);
    // A 401 without a metadata URL forgets the earlier one: the server says where it is now.
    expect(challenges.get('docs')?.resourceMetadataUrl).toBeUndefined();
    challenges.unauthorized('docs', answer(401));
    expect(challenges.get('docs')?.scope?.split(' ').sort()).toEqual(['files:read', 'mail']);
  });

  it('only a 403 insufficient_scope is a step-up; it asks for the granted scope and the new one', () => {
    const challenges = createChallenges({ clock: manualClock(), maxStepUps: 2 });
    expect(challenges.stepUp('docs', answer(403), 'read')).toBeUndefined();
    expect(
      challenges.stepUp('docs', answer(401, 'Bearer error="insufficient_scope"'), 'read'),
    ).toBeUndefined();
    expect(challenges.stepUp('docs', answer(403, 'Bearer error="invalid_token"'), 'read')).toBeUndefined();
    expect(challenges.get('docs')).toBeUndefined();
    const stepUp = challenges.stepUp('docs', insufficient('write'), 'read');
    expect(stepUp).toMatchObject({ kind: 'ask', scope: 'write' });
    expect(stepUp?.message).toContain('sign in again');
    expect(challenges.get('docs')?.scope?.split(' ').sort()).toEqual(['read', 'write']);
  });

  it('stops asking after maxStepUps in ten minutes, and asks again once they are older', () => {
    const clock = manualClock();
    const challenges = createChallenges({ clock, maxStepUps: 2 });
    expect(challenges.stepUp('docs', insufficient('a'), undefined)?.kind).toBe('ask');
    clock.advance(60_000);
    expect(challenges.stepUp('docs', insufficient('b'), undefined)?.kind).toBe('ask');
    const third = challenges.stepUp('docs', insufficient('c'), undefined);
    expect(third?.kind).toBe('limit');
    expect(third?.message).toContain('after 2 sign-ins');
    // Another server has its own count.
    expect(challenges.stepUp('mail', insufficient('a'), undefined)?.kind).toBe('ask');
    clock.advance(10 * 60_000);
    expect(challenges.stepUp('docs', insufficient('d'), undefined)?.kind).toBe('ask');
  });

  it('a sign-in answers the challenge; a sign-out also resets the count', () => {
    const challenges = createChallenges({ clock: manualClock(), maxStepUps: 1 });
    challenges.stepUp('docs', insufficient('a'), undefined);
    challenges.answered('docs');
    expect(challenges.get('docs')).toBeUndefined();
    expect(challenges.stepUp('docs', insufficient('b'), undefined)?.kind).toBe('limit');
    challenges.forget('docs');
    expect(challenges.get('docs')).toBeUndefined();
    expect(challenges.stepUp('docs', insufficient('c'), undefined)?.kind).toBe('ask');
  });
});
