import { describe, expect, it } from 'vitest';

import { GatewayConfigSchema } from '../../../src-shared/config.js';
import { serverChecks, usesSecrets } from './server-checks.js';

const config = (mcpServers: Record<string, unknown>) => GatewayConfigSchema.parse({ mcpServers });
const ENV = { PATH: process.env.PATH, SET: '1' };

describe('serverChecks', () => {
  it('finds commands on PATH and fails one that is not there', () => {
    const checks = serverChecks(
      config({ ok: { command: 'node' }, gone: { command: 'no-such-cmd-x1' } }),
      ENV,
    );
    expect(checks[0]).toMatchObject({ check: 'server ok', status: 'ok' });
    expect(checks[0]?.message).toMatch(/^command "node" is .+node/);
    expect(checks[1]).toMatchObject({
      check: 'server gone',
      status: 'fail',
      fix: 'install it, or set "mcpServers.gone.command" to its full path',
    });
  });

  it('fails ${VAR}s that are not set, and skips servers that are switched off or commands made of variables', () => {
    const checks = serverChecks(
      config({
        a: { command: '${TOOL}', env: { X: '${SET}', Y: '${UNSET_Z9}' } },
        off: { command: 'no-such-cmd-x1', disabled: true },
      }),
      ENV,
    );
    expect(checks.map((c) => [c.check, c.message])).toEqual([
      ['server a', 'uses ${TOOL}, which is not set in this environment'],
      ['server a', 'uses ${UNSET_Z9}, which is not set in this environment'],
    ]);
  });

  it('knows when any server, even one switched off, refers to a secret', () => {
    expect(usesSecrets(config({ a: { command: 'x', env: { K: '${secret:k}' }, disabled: true } }))).toBe(
      true,
    );
    expect(usesSecrets(config({ a: { command: 'x', env: { K: '${K}' } } }))).toBe(false);
    expect(usesSecrets(undefined)).toBe(false);
  });
});
