import {
  type ClientCapabilities,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';

import { needsCapability, requiredCapabilities } from './capabilities.js';
import { drop, type MrtrState, type Parked, type PendingInput } from './mrtr-parked.js';

/**
 * The requests of a round the client can be asked. A 2025-era backend asks for roots on its own
 * initiative (at start, after a roots/list_changed), not for the call that happens to be running;
 * it heard the gateway's capabilities, not this client's. A client without roots answers it as a
 * 2025-era client would (method not found) and the call goes on.
 */
export function withoutUnaskedRoots(
  asked: PendingInput[],
  declared: ClientCapabilities | undefined,
): PendingInput[] {
  return asked.filter((q) => {
    if (q.method === 'roots/list' && needsCapability(declared, q.method, q.params) !== undefined) {
      q.reject(new ProtocolError(ProtocolErrorCode.MethodNotFound, 'The client does not support roots.'));
      return false;
    }
    return true;
  });
}

/**
 * A request needs a capability this client did not declare: as a 2026-07-28 server must, the
 * gateway refuses the client's request with -32021 (HTTP 400) naming it, and the backend call
 * (which cannot go on as asked) is cancelled. Returns when every request can be asked.
 */
export function refuseUnanswerable(
  st: MrtrState,
  p: Parked,
  next: PendingInput[],
  declared: ClientCapabilities | undefined,
): void {
  const unanswerable = next.filter((q) => needsCapability(declared, q.method, q.params) !== undefined);
  if (unanswerable.length === 0) {
    return;
  }
  const missing = unanswerable.map((q) => needsCapability(declared, q.method, q.params)).join(' and ');
  for (const q of next) {
    q.reject(new ProtocolError(ProtocolErrorCode.MethodNotFound, `The client does not support ${missing}.`));
  }
  drop(st, p, `The client does not support ${missing}.`);
  throw new MissingRequiredClientCapabilityError(
    {
      requiredCapabilities: Object.assign(
        {},
        ...unanswerable.map((q) => requiredCapabilities(q.method, q.params)),
      ),
    },
    `The request needs ${missing}, which this client did not declare. Declare the capability in _meta and send it again.`,
  );
}
