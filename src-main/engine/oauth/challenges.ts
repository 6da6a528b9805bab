import { computeScopeUnion, extractWWWAuthenticateParams } from '@modelcontextprotocol/client';

import type { Clock } from '../types.js';

/** What a server's last 401 or 403 asked for: the next token request asks for it too. */
export interface Challenge {
  scope?: string;
  resourceMetadataUrl?: URL;
}

/** A 403 `insufficient_scope`: sign in again to grant more, or stop asking (`limit`). */
export interface StepUp {
  kind: 'ask' | 'limit';
  /** For the user: what the server asks and what to do. */
  message: string;
  /** The scope the server named, if it did. */
  scope?: string;
}

/** Step-ups are counted over this window. */
const STEP_UP_WINDOW_MS = 10 * 60_000;

/**
 * The servers' `WWW-Authenticate` challenges: the union of the scopes asked for so far and where
 * the protected-resource metadata is, per server, and how often each asked for more scope lately,
 * so step-ups are bounded (`maxStepUps` in ten minutes).
 */
export interface Challenges {
  get(server: string): Challenge | undefined;
  /** A 401: remembers its scope (with those asked before) and metadata URL; its parameters. */
  unauthorized(server: string, response: Response): ReturnType<typeof extractWWWAuthenticateParams>;
  /** A response that may be a 403 `insufficient_scope`; `granted` is the scope the tokens have. */
  stepUp(server: string, response: Response, granted: string | undefined): StepUp | undefined;
  /** Signed in with what was asked: the challenge is answered (the step-up count stays). */
  answered(server: string): void;
  /** Signed out: the challenge and the step-up count go. */
  forget(server: string): void;
}

export function createChallenges(options: { clock: Clock; maxStepUps: number }): Challenges {
  const { clock, maxStepUps } = options;
  const challenges = new Map<string, Challenge>();
  /** When each server last asked for more scope, to bound step-ups. */
  const stepUps = new Map<string, number[]>();
  const remember = (server: string, scope: string | undefined, resourceMetadataUrl: URL | undefined) => {
    challenges.set(server, {
      ...(scope ? { scope } : {}),
      ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
    });
  };
  return {
    get: (server) => challenges.get(server),
    unauthorized(server, response) {
      const params = response.headers.has('www-authenticate') ? extractWWWAuthenticateParams(response) : {};
      remember(
        server,
        computeScopeUnion(challenges.get(server)?.scope, params.scope),
        params.resourceMetadataUrl,
      );
      return params;
    },
    stepUp(server, response, granted) {
      if (response.status !== 403 || !response.headers.has('www-authenticate')) {
        return undefined;
      }
      const params = extractWWWAuthenticateParams(response);
      if (params.error !== 'insufficient_scope') {
        return undefined;
      }
      const previous = challenges.get(server);
      const scope = computeScopeUnion(previous?.scope, granted, params.scope);
      remember(server, scope, params.resourceMetadataUrl ?? previous?.resourceMetadataUrl);
      const now = clock.now();
      const recent = [...(stepUps.get(server) ?? []).filter((t) => now - t < STEP_UP_WINDOW_MS), now];
      stepUps.set(server, recent);
      const asked = params.scope ?? 'unspecified scope';
      const named = params.scope !== undefined ? { scope: params.scope } : {};
      if (recent.length > maxStepUps) {
        return {
          kind: 'limit',
          message: `the server still asks for more permissions (${asked}) after ${maxStepUps} sign-ins; check the account's rights on the server`,
          ...named,
        };
      }
      return {
        kind: 'ask',
        message: `the server asks for more permissions (${asked}); sign in again to grant them`,
        ...named,
      };
    },
    answered: (server) => void challenges.delete(server),
    forget(server) {
      challenges.delete(server);
      stepUps.delete(server);
    },
  };
}
