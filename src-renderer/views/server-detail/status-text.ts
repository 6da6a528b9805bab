import type { ServerSummary } from '../../../src-shared/api/schemas.js';
import { formatSpan } from '../../lib/format.js';

type SignIn = NonNullable<ServerSummary['signIn']>;

/** How it signed in without a browser, as the status card says it. */
const GRANT_TEXT: Record<NonNullable<SignIn['grant']>, string> = {
  client_credentials: ' · machine account (client credentials)',
  jwt_bearer: ' · workload identity (JWT bearer)',
  enterprise: " · enterprise-managed (your identity provider's ID-JAG)",
};

/** The sign-in line: where it stands, at which issuer and scope, how, and whether the token is DPoP-bound. */
export function signInText(s: SignIn): string {
  const where = s.pending
    ? 'waiting for the browser to come back'
    : s.signedIn
      ? `signed in${s.issuer !== undefined ? ` at ${s.issuer}` : ''}${s.scope !== undefined ? ` · ${s.scope}` : ''}`
      : 'not signed in';
  const grant = s.grant !== undefined ? GRANT_TEXT[s.grant] : '';
  const dpop = s.signedIn && s.dpop === true ? ' · DPoP-bound token (key in the keychain)' : '';
  return `${where}${grant}${dpop}`;
}

/**
 * How the last error is labelled: kept after the server recovers (it says why the last start
 * failed), muted then, so a running server does not look broken.
 */
export function lastErrorLabel(row: Pick<ServerSummary, 'state'>): { label: string; muted: boolean } {
  return row.state === 'running' || row.state === 'sleeping'
    ? { label: 'Earlier error', muted: true }
    : { label: 'Last error', muted: false };
}

/** When the next start attempt comes, from now. */
export function nextAttemptText(at: number, now: number): string {
  return at > now ? `in ${formatSpan(at - now)}` : 'now';
}

/** The restart count and, when there are any, the recent failures. */
export function restartsText(row: Pick<ServerSummary, 'restarts' | 'failures'>): string {
  return `${row.restarts}${row.failures > 0 ? ` · ${row.failures} recent failures` : ''}`;
}

/** The transport with the protocol version and process id when known. */
export function transportText(row: Pick<ServerSummary, 'transport' | 'protocolVersion' | 'pid'>): string {
  const protocol = row.protocolVersion !== undefined ? ` · protocol ${row.protocolVersion}` : '';
  return `${row.transport}${protocol}${row.pid !== undefined ? ` · pid ${row.pid}` : ''}`;
}

/** Whether "Sleep now" is offered: a running local server with nothing keeping it awake. */
export function canSleepNow(row: Pick<ServerSummary, 'state' | 'transport' | 'sleepBlockers'>): boolean {
  return row.state === 'running' && row.transport === 'stdio' && (row.sleepBlockers ?? []).length === 0;
}

/** When the server sleeps, or why it does not. */
export function sleepPolicy(row: {
  transport: string;
  sleepAfterMs?: number | undefined;
  sleepBlockers?: string[] | undefined;
  disabled: boolean;
}): string {
  const blockers = row.sleepBlockers ?? [];
  if (row.disabled || row.sleepAfterMs === undefined) {
    return '—';
  }
  if (blockers.length > 0) {
    return `Cannot sleep: ${blockers.join('; ')}`;
  }
  if (row.transport !== 'stdio') {
    return `Remote: stays connected; health pings pause after ${formatSpan(row.sleepAfterMs)} idle`;
  }
  return `After ${formatSpan(row.sleepAfterMs)} without a request (starts again on first use)`;
}

/** What the callout above the tabs says while the server is failing; undefined while it is not. */
export function troubleText(
  row: Pick<ServerSummary, 'state' | 'nextAttemptAt'>,
  now: number,
): { title: string; help: string } | undefined {
  const next =
    row.nextAttemptAt !== undefined && row.nextAttemptAt > now
      ? formatSpan(row.nextAttemptAt - now)
      : undefined;
  switch (row.state) {
    case 'error':
      return {
        title: 'This server keeps failing, so the gateway stopped trying',
        help: `Fix the cause (Edit the config, install the command, check the URL), then reset the circuit.${next !== undefined ? ` The gateway tries once more by itself in ${next}.` : ''}`,
      };
    case 'restarting':
      return {
        title: 'This server stopped and is being restarted',
        help: `Next attempt${next !== undefined ? ` in ${next}` : ' now'}. The Logs tab shows what it wrote before it stopped.`,
      };
    case 'degraded':
      return {
        title: 'This server is slow to answer health checks',
        help: 'Clients may see slow answers. If it does not recover, it is restarted.',
      };
    default:
      return undefined;
  }
}
