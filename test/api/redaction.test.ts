import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../src-main/engine/telemetry/logger.js';
import type { ApiClient } from '../../src-shared/api/client.js';
import * as R from '../../src-shared/api/routes.js';
import { type Gateway, startGateway } from '../lib/gateway.js';

/** Values that must never leave the engine, in any form. */
const ENV_SECRET = 'envSecretVALUE-0042';
const URL_PASSWORD = 'urlPassWORD-777';
const ARG_TOKEN = 'argTOKEN-31337';

describe('credentials in URLs and arguments never leave the engine', () => {
  let gw: Gateway;
  let api: ApiClient;
  const lines: string[] = [];

  beforeAll(async () => {
    gw = await startGateway(
      {
        // Nothing listens on port 1: the start fails and the error names the URL.
        query: { type: 'http', url: 'http://127.0.0.1:1/mcp?api_key=${MY_API_TOKEN}&region=eu' },
        userinfo: { type: 'http', url: `http://admin:${URL_PASSWORD}@127.0.0.1:1/mcp` },
        args: {
          command: process.execPath,
          args: ['-e', 'process.exit(3)', '--token', ARG_TOKEN, `--api-key=${ARG_TOKEN}`],
        },
      },
      // No keychain here: sign-in tokens for remote servers go to an owner-only file.
      { supervisor: { circuitMaxFailures: 1 }, secrets: { allowFileFallback: true } },
      {
        logger: createLogger({ level: 'debug', format: 'json', write: (l) => lines.push(l) }),
        env: { ...process.env, MY_API_TOKEN: ENV_SECRET },
      },
    );
    api = gw.api;
    for (let waited = 0; waited < 20_000; waited += 50) {
      const { servers } = await api.call(R.listServers);
      if (servers.every((s) => s.state === 'error')) {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await gw.close();
  });

  const leaks = (text: string) => [ENV_SECRET, URL_PASSWORD, ARG_TOKEN].filter((s) => text.includes(s));

  it('keeps them out of server details, state reasons and last errors', async () => {
    const { servers } = await api.call(R.listServers);
    expect(servers.map((s) => s.state)).toEqual(['error', 'error', 'error']);
    for (const name of ['query', 'userinfo', 'args']) {
      const d = await api.call(R.getServer, { params: { name } });
      expect(leaks(JSON.stringify(d)), name).toEqual([]);
    }
    const q = await api.call(R.getServer, { params: { name: 'query' } });
    // The reference itself is shown; the error names the URL without the value.
    expect(q.config.url).toBe('http://127.0.0.1:1/mcp?api_key=${MY_API_TOKEN}&region=eu');
    expect(q.lastError).toContain('api_key=[redacted]&region=eu');
    const u = await api.call(R.getServer, { params: { name: 'userinfo' } });
    expect(u.config.url).toBe('http://admin:[redacted]@127.0.0.1:1/mcp');
    const a = await api.call(R.getServer, { params: { name: 'args' } });
    expect(a.config.args).toEqual(['-e', 'process.exit(3)', '--token', '[redacted]', '--api-key=[redacted]']);
  });

  it('keeps the stored values when a redacted config is sent back', async () => {
    const shown = await api.call(R.getServer, { params: { name: 'args' } });
    const u = await api.call(R.getServer, { params: { name: 'userinfo' } });
    await api.call(R.updateServer, {
      params: { name: 'args' },
      body: {
        args: [...((shown.config.args as string[] | undefined) ?? []), '--verbose'],
        description: 'edited',
      },
    });
    await api.call(R.updateServer, {
      params: { name: 'userinfo' },
      body: { url: (u.config.url as string | undefined) ?? '' },
    });
    const file = JSON.parse(readFileSync(gw.configFile, 'utf8')) as {
      mcpServers: Record<string, { args?: string[]; url?: string }>;
    };
    expect(file.mcpServers.args?.args).toEqual([
      '-e',
      'process.exit(3)',
      '--token',
      ARG_TOKEN,
      `--api-key=${ARG_TOKEN}`,
      '--verbose',
    ]);
    expect(file.mcpServers.userinfo?.url).toBe(`http://admin:${URL_PASSWORD}@127.0.0.1:1/mcp`);
  });

  it('keeps them out of the config export, the events, the server logs and the log file', async () => {
    const exported = await api.call(R.exportConfig);
    expect(leaks(JSON.stringify(exported))).toEqual([]);
    expect(JSON.stringify(exported)).toContain('admin:[redacted]@');
    expect(leaks(JSON.stringify(gw.events))).toEqual([]);
    for (const name of ['query', 'userinfo', 'args']) {
      const logs = await api.call(R.serverLogs, { params: { name } });
      expect(leaks(JSON.stringify(logs)), name).toEqual([]);
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(leaks(lines.join('\n'))).toEqual([]);
    expect(leaks(readFileSync(gw.configFile, 'utf8'))).toEqual([URL_PASSWORD, ARG_TOKEN]);
  });
});
