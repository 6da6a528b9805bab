import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { assert, eventually, ROOT } from './fixtures.js';
import { App, ServersPage } from './pages.js';

const memoryJs = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');

export const tests = [
  {
    name: 'clients: import the servers of a client, connect it to the gateway with a preview, disconnect restores the file',
    async run(t) {
      // A fake home with a Cursor config, so nothing on this machine is read or written.
      const home = await mkdtemp(path.join(tmpdir(), 'mcpgw-e2e-home-'));
      const saved = {};
      try {
        await mkdir(path.join(home, '.cursor'), { recursive: true });
        const file = path.join(home, '.cursor', 'mcp.json');
        const original = `{\n  // my servers\n  "mcpServers": {\n    "kg": { "command": ${JSON.stringify(process.execPath)}, "args": [${JSON.stringify(memoryJs)}], "env": { "MEMORY_FILE_PATH": ${JSON.stringify(path.join(home, 'kg.jsonl'))} } }\n  }\n}\n`;
        await writeFile(file, original);
        // Client detection reads this process's environment (createEngine's env does not reach it),
        // so HOME points at the fake home for this test only.
        for (const [k, v] of Object.entries(fakeEnv(home))) {
          saved[k] = process.env[k];
          process.env[k] = v;
        }
        const gw = await t.gateway({ env: fakeEnv(home) });
        const { page } = await t.dashboard(gw);
        const app = new App(page);
        await app.nav('Clients');
        const found = page.getByRole('table', { name: 'Servers found' });
        await found.getByText('kg', { exact: true }).waitFor();
        await page.getByRole('button', { name: 'Import 1' }).click();
        const servers = new ServersPage(page);
        await eventually(async () => (await gw.api('GET', '/servers')).servers.some((s) => s.name === 'kg'), {
          message: 'kg imported',
        });
        await found.getByText('in the gateway as kg').waitFor();

        const cursor = page.getByRole('listitem', { name: 'Cursor' });
        await cursor.getByRole('button', { name: 'Connect…' }).click();
        const dialog = page.getByRole('dialog', { name: 'Connect Cursor to the gateway?' });
        await waitForDiff(dialog, gw.url);
        assert((await readFile(file, 'utf8')) === original, 'the preview writes nothing');
        await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
        await cursor.getByText('Uses the gateway').waitFor();
        assert((await readFile(file, 'utf8')).includes(`${gw.url}/mcp`), 'the file points at the gateway');

        await cursor.getByRole('button', { name: 'Disconnect' }).click();
        await cursor.getByText('Not connected').waitFor();
        await eventually(async () => (await readFile(file, 'utf8')) === original, {
          message: 'the original bytes are back',
        });
        await servers.open();
        await servers.waitForState('kg', 'running');
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) {
            delete process.env[k];
          } else {
            process.env[k] = v;
          }
        }
        await rm(home, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'clients: create a client token (shown once), the gateway takes it, revoking it locks the client out',
    async run(t) {
      const gw = await t.gateway();
      const { page } = await t.dashboard(gw);
      const app = new App(page);
      await app.nav('Clients');
      const card = page.getByRole('region', { name: 'Client tokens' });
      await card.getByText('required', { exact: true }).waitFor();
      await card.getByRole('textbox', { name: 'Client name' }).fill('ci-agent');
      await card.getByRole('button', { name: 'Create token' }).click();
      const token = ((await card.getByTestId('new-token').textContent()) ?? '').trim();
      assert(/^mcpgw_[A-Za-z0-9_-]{40,}$/.test(token), `a token is shown once: ${token}`);
      await card
        .getByRole('table', { name: 'Client tokens' })
        .getByText('ci-agent', { exact: true })
        .waitFor();
      assert((await mcpInitialize(gw.url, token)) === 200, 'the gateway accepts the new token');
      assert((await mcpInitialize(gw.url, undefined)) === 401, 'and refuses a request without one');

      await card.getByRole('button', { name: 'Revoke ci-agent' }).click();
      await page
        .getByRole('dialog', { name: 'Revoke the token of ci-agent?' })
        .getByRole('button', { name: 'Revoke' })
        .click();
      await eventually(async () => (await gw.api('GET', '/tokens')).tokens.length === 0, {
        message: 'the token is gone',
      });
      await card.getByText('No client tokens yet').waitFor();
      assert((await mcpInitialize(gw.url, token)) === 401, 'a revoked token is refused');
    },
  },
];

/** Status of an MCP initialize on /mcp, with or without a client token. */
async function mcpInitialize(url, token) {
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'e2e', version: '1' } },
    }),
  });
  await res.body?.cancel();
  return res.status;
}

function fakeEnv(home) {
  return {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    APPDATA: path.join(home, 'AppData'),
  };
}

async function waitForDiff(dialog, url) {
  await eventually(
    async () => ((await dialog.getByTestId('client-diff').first().textContent()) ?? '').includes(url),
    { message: 'the diff shows the gateway entry' },
  );
}
