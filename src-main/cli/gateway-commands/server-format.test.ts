import { describe, expect, it } from 'vitest';

import type { ServerSummary } from '../../../src-shared/api/schemas.js';
import { serverRows, sleepLine, sleepNote, summaryText } from './server-format.js';

const MIB = 1024 * 1024;

function summary(over: Partial<ServerSummary> = {}): ServerSummary {
  return {
    name: 'memory',
    state: 'running',
    reason: 'connected',
    transport: 'stdio',
    disabled: false,
    restarts: 2,
    failures: 0,
    tools: 9,
    visibleTools: 9,
    tokens: 1200,
    uptimeMs: 65_000,
    ...over,
  } as ServerSummary;
}

describe('server rows', () => {
  it('shows tools as visible/all only when some are hidden, and the error or sleep note', () => {
    expect(serverRows([summary()])).toEqual([['memory', 'running', 'stdio', '9', 1200, '1m 5s', 2, '']]);
    const asleep = summary({ state: 'sleeping', reason: 'idle', visibleTools: 4, footprintBytes: 50 * MIB });
    expect(serverRows([asleep])[0]).toEqual([
      'memory',
      'sleeping',
      'stdio',
      '4/9',
      1200,
      '1m 5s',
      2,
      'idle (saves 50 MiB)',
    ]);
    expect(serverRows([summary({ state: 'error', lastError: 'boom' })])[0]?.[7]).toBe('boom');
    expect(sleepNote(summary({ state: 'stopped', reason: 'stopped by you' }))).toBe('stopped by you');
  });

  it('sums up what sleeps only when something does', () => {
    expect(sleepLine([summary()])).toBeUndefined();
    const line = sleepLine([summary(), summary({ state: 'sleeping', footprintBytes: 20 * MIB })]);
    expect(line).toBe('1 running · 1 sleeping, saving 20 MiB');
  });
});

describe('summaryText', () => {
  it('lists what is known, one aligned line each', () => {
    expect(summaryText(summary({ pid: 42, serverName: 'mem', serverVersion: '1.0' }))).toBe(
      'memory\n' +
        '  state        running — connected\n' +
        '  transport    stdio\n' +
        '  tools        9 visible of 9 (1200 tokens)\n' +
        '  uptime       1m 5s\n' +
        '  restarts     2\n' +
        '  pid          42\n' +
        '  server info  mem 1.0\n',
    );
  });

  it('says where an import came from, what it waits for, its sign-in and its sleep', () => {
    const text = summaryText(
      summary({
        transport: 'http',
        lastError: 'timed out',
        origin: { client: 'vscode', scope: 'project', project: '/repo', file: '/repo/.vscode/mcp.json' },
        approval: { reason: 'waits for your approval', variables: [] },
        signIn: { signedIn: true, pending: false, issuer: 'https://idp', grant: 'jwt_bearer', dpop: true },
        sleepAfterMs: 600_000,
      } as unknown as Partial<ServerSummary>),
    );
    expect(text).toContain('  last error   timed out\n');
    expect(text).toContain('  imported     from vscode, project /repo (/repo/.vscode/mcp.json)\n');
    expect(text).toContain('  approval     waits for your approval\n');
    expect(text).toContain(
      '  sign-in      signed in at https://idp · workload identity (JWT bearer) · DPoP-bound (key in the keychain)\n',
    );
    expect(text).toContain('  sleep        remote: stays connected; health pings pause after 10m 0s idle\n');
  });

  it('says why a server does not sleep, and what a sleeping one saves', () => {
    const text = summaryText(
      summary({
        state: 'sleeping',
        footprintBytes: 3 * MIB,
        sleepAfterMs: 60_000,
        sleepBlockers: ['keepAwake'],
      }),
    );
    expect(text).toContain('  memory saved 3.0 MiB (process tree when last measured)\n');
    expect(text).toContain('  sleep        does not sleep: keepAwake\n');
    const notSigned = summaryText(
      summary({ signIn: { signedIn: false, pending: false, lastError: 'denied' } }),
    );
    expect(notSigned).toContain('not signed in — `mcp-gateway servers login memory`; last error: denied\n');
  });
});
