import type { ServerSummary } from '../../../src-shared/api/schemas.js';
import { countStates, formatMiB, memorySaved } from '../../../src-shared/states.js';
import { duration } from '../output.js';

/** How `status`, `servers list` and `servers get` show servers, as plain functions of their summaries. */

export const SERVER_HEAD = ['server', 'state', 'transport', 'tools', 'tokens', 'uptime', 'restarts', 'note'];

export function serverRows(servers: ServerSummary[]): (string | number)[][] {
  return servers.map((s) => [
    s.name,
    s.state,
    s.transport,
    s.visibleTools === s.tools ? String(s.tools) : `${s.visibleTools}/${s.tools}`,
    s.tokens,
    duration(s.uptimeMs),
    s.restarts,
    s.lastError ?? (s.state === 'running' ? '' : sleepNote(s)),
  ]);
}

/** A sleeping server's note: why it sleeps and what that saves. */
export function sleepNote(s: ServerSummary): string {
  if (s.state !== 'sleeping' || s.footprintBytes === undefined) {
    return s.reason;
  }
  return `${s.reason} (saves ${formatMiB(s.footprintBytes)})`;
}

/** "3 running · 17 sleeping, saving 1.1 GiB" — only when something sleeps. */
export function sleepLine(servers: ServerSummary[]): string | undefined {
  const c = countStates(servers.map((s) => s.state));
  if (c.sleeping === 0) {
    return undefined;
  }
  const saved = memorySaved(servers);
  return `${c.running} running · ${c.sleeping} sleeping${saved > 0 ? `, saving ${formatMiB(saved)}` : ''}`;
}

type Row = [string, string];

function originRow(s: ServerSummary): Row[] {
  const o = s.origin;
  if (o === undefined) {
    return [];
  }
  const where = o.scope === 'user' ? 'its own settings' : `project ${o.project ?? ''}`;
  return [['imported', `from ${o.client}, ${where}${o.file ? ` (${o.file})` : ''}`]];
}

type Grant = NonNullable<NonNullable<ServerSummary['signIn']>['grant']>;

const GRANT_TEXT: Record<Grant, string> = {
  client_credentials: ' · machine account (client credentials)',
  jwt_bearer: ' · workload identity (JWT bearer)',
  enterprise: " · enterprise-managed (your identity provider's ID-JAG)",
};

function signInRow(s: ServerSummary): Row[] {
  const i = s.signIn;
  if (i === undefined) {
    return [];
  }
  const what = i.pending
    ? `pending — open ${i.authorizationUrl ?? 'the sign-in page'}`
    : i.signedIn
      ? `signed in${i.issuer ? ` at ${i.issuer}` : ''}${i.scope ? ` (scope ${i.scope})` : ''}`
      : `not signed in — \`mcp-gateway servers login ${s.name}\``;
  const how = (i.grant !== undefined ? GRANT_TEXT[i.grant] : undefined) ?? '';
  const bound = i.signedIn && i.dpop === true ? ' · DPoP-bound (key in the keychain)' : '';
  return [
    ['sign-in', `${what}${how}${bound}${i.lastError && !i.signedIn ? `; last error: ${i.lastError}` : ''}`],
  ];
}

function memoryRows(s: ServerSummary): Row[] {
  const rows: Row[] = [];
  if (s.footprintBytes !== undefined) {
    rows.push([
      s.state === 'sleeping' ? 'memory saved' : 'memory',
      `${formatMiB(s.footprintBytes)} (process tree when last measured)`,
    ]);
  }
  if (s.sleepAfterMs !== undefined) {
    const never = s.sleepAfterMs === 0 || (s.sleepBlockers ?? []).length > 0;
    rows.push([
      'sleep',
      never
        ? `does not sleep: ${(s.sleepBlockers ?? []).join('; ') || 'sleepAfterMs is 0'}`
        : s.transport === 'stdio'
          ? `after ${duration(s.sleepAfterMs)} idle`
          : `remote: stays connected; health pings pause after ${duration(s.sleepAfterMs)} idle`,
    ]);
  }
  return rows;
}

/** `servers get`: the server's name, then one aligned line per thing known about it. */
export function summaryText(s: ServerSummary): string {
  const rows: Row[] = [
    ['state', `${s.state} — ${s.reason}`],
    ['transport', s.transport],
    ['tools', `${s.visibleTools} visible of ${s.tools} (${s.tokens} tokens)`],
    ['uptime', duration(s.uptimeMs)],
    ['restarts', String(s.restarts)],
    ...(s.lastError ? [['last error', s.lastError] as Row] : []),
    ...originRow(s),
    ...(s.approval !== undefined ? [['approval', s.approval.reason] as Row] : []),
    ...signInRow(s),
    ...(s.pid !== undefined ? [['pid', String(s.pid)] as Row] : []),
    ...(s.serverName ? [['server info', `${s.serverName} ${s.serverVersion ?? ''}`.trim()] as Row] : []),
    ...memoryRows(s),
  ];
  return `${s.name}\n` + rows.map(([k, v]) => `  ${k.padEnd(12)} ${v}`).join('\n') + '\n';
}
