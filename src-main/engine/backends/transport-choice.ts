import type { EraVerdict } from './era-cache.js';
import { type Attempt, negotiate, type NegotiationEnv, priorOf } from './negotiation.js';
import { httpStatusOf } from './start-errors.js';

/** Only these statuses mean "not this transport here" (the spec's fallback rule); never a 401. */
const NOT_THIS_TRANSPORT = [400, 404, 405];

const LABEL = { http: 'Streamable HTTP', sse: 'SSE' } as const;

/**
 * A URL without a type: Streamable HTTP first, unless SSE is what worked last time (then SSE
 * first, in case the server has since moved to Streamable HTTP); the other one only when the
 * first answers 400, 404 or 405.
 */
export async function connectEither(
  env: NegotiationEnv,
  cached: EraVerdict | undefined,
): Promise<{ attempt: Attempt; used: 'http' | 'sse' }> {
  const order: Array<'http' | 'sse'> = cached?.transport === 'sse' ? ['sse', 'http'] : ['http', 'sse'];
  for (const [i, t] of order.entries()) {
    try {
      return {
        attempt: await negotiate(env, t, cached?.transport === t ? priorOf(cached) : undefined),
        used: t,
      };
    } catch (err) {
      const status = httpStatusOf(err);
      const next = order[i + 1];
      if (next === undefined || status === undefined || !NOT_THIS_TRANSPORT.includes(status)) {
        throw err;
      }
      env.log.info(`${t} refused; trying ${LABEL[next]}`, { status });
      env.startLog.sink('gateway', `${LABEL[t]} answered ${status}; falling back to ${LABEL[next]}`);
    }
  }
  throw new Error('no transport answered');
}
