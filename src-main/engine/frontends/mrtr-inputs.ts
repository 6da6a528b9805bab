import {
  type InputRequest,
  inputRequired,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';

import { armExpiry, type MrtrState, type Parked, type PendingInput } from './mrtr-parked.js';

/**
 * Input request keys of a round. A 2025-era request carries no key of its own, so the gateway
 * names them: `in` for the first, `in2`, `in3`, ... for requests the backend sent alongside it.
 */
export const keyOf = (i: number): string => (i === 0 ? 'in' : `in${i + 1}`);

/** A backend's server→client request as a 2026-07-28 input request. */
export function toInputRequest(q: PendingInput): InputRequest {
  const params = q.params ?? {};
  switch (q.method) {
    case 'sampling/createMessage':
      return inputRequired.createMessage(params as Parameters<typeof inputRequired.createMessage>[0]);
    case 'roots/list':
      return inputRequired.listRoots();
    case 'elicitation/create':
      if (params['mode'] === 'url') {
        return inputRequired.elicitUrl({
          message: String(params['message'] ?? ''),
          url: String(params['url'] ?? ''),
        });
      }
      return inputRequired.elicit(params as Parameters<typeof inputRequired.elicit>[0]);
  }
}

/**
 * The client's retry carries the answers to the last round: each goes to the backend request it
 * answers (by key); a request left unanswered fails.
 */
export function applyAnswers(p: Parked, responses: Record<string, unknown> | undefined): void {
  const asked = p.asked;
  p.asked = [];
  asked.forEach((q, i) => {
    const answer = responses?.[keyOf(i)];
    if (answer !== null && typeof answer === 'object') {
      q.resolve(answer as Record<string, unknown>);
    } else {
      q.reject(new ProtocolError(ProtocolErrorCode.InternalError, `The client did not answer ${q.method}.`));
    }
  });
}

/**
 * Open the next round with the requests in `next`: they wait for the client's retry, the call's
 * expiry starts again, and the round's input requests are returned by key.
 */
export function openRound(st: MrtrState, p: Parked, next: PendingInput[]): Record<string, InputRequest> {
  p.asked = next;
  armExpiry(st, p);
  const inputRequests = Object.fromEntries(next.map((q, i) => [keyOf(i), toInputRequest(q)]));
  // A new state each round, as a server's would be (the round number tells them apart).
  p.round += 1;
  return inputRequests;
}
