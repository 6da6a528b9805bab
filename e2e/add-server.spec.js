import path from 'node:path';

import { assert, ROOT, SERVERS } from './fixtures.js';
import { AddServerPage, ServerDetailPage, ServersPage } from './pages.js';

const everythingJs = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const memoryJs = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');

export const tests = [
  {
    name: 'add: from the form, with a masked secret, and it becomes running',
    async run(t) {
      const gw = await t.gateway({});
      const { page } = await t.dashboard(gw);
      const add = new AddServerPage(page);
      await add.open();
      await add.fillStdio({
        name: 'notes',
        command: process.execPath,
        args: `'${memoryJs}'`,
        env: { MEMORY_FILE_PATH: path.join(gw.home, 'notes.jsonl'), NOTES_API_KEY: 's3cret' },
      });
      assert(
        (await page.getByLabel('Variable 2 value').getAttribute('type')) === 'password',
        'a secret-looking value is masked',
      );
      assert(
        (await page.getByLabel('Variable 1 value').getAttribute('type')) === 'text',
        'a plain value is not masked',
      );
      await add.submit();
      // Lands on the new server's page, which goes to running.
      const detail = new ServerDetailPage(page);
      await page.getByRole('heading', { level: 1 }).filter({ hasText: 'notes' }).waitFor();
      await detail.badge().filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
      const s = await gw.api('GET', '/servers/notes');
      assert(s.state === 'running' && s.config.args[0] === memoryJs, 'API has the server with its args');
      assert(s.config.env.NOTES_API_KEY !== 's3cret', 'the API never shows the secret back');
    },
  },
  {
    name: 'add: validation says what is wrong before saving',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const add = new AddServerPage(page);
      await add.open();
      await add.submit();
      await page.getByText('Give the server a name').waitFor();
      await page.getByText('Enter the program to run').waitFor();
      await page.getByLabel('Name', { exact: true }).fill('memory');
      await page.getByText('A server named "memory" already exists').waitFor();
      await page.getByLabel('Name', { exact: true }).fill('bad name!');
      await page.getByText(/Use letters, digits/).waitFor();
      await page.getByLabel('Name', { exact: true }).fill('remote1');
      await page.getByRole('radio', { name: 'Remote URL' }).click();
      await page.getByLabel('URL').fill('ftp://example.com');
      await page.getByText('url must start with http:// or https://').waitFor();
      assert((await gw.api('GET', '/servers')).servers.length === 1, 'nothing was saved');
    },
  },
  {
    name: 'add: a pasted mcpServers snippet with two servers adds both',
    async run(t) {
      const gw = await t.gateway({});
      const { page } = await t.dashboard(gw);
      const add = new AddServerPage(page);
      await add.open();
      const snippet = JSON.stringify(
        {
          mcpServers: {
            everything: { command: process.execPath, args: [everythingJs, 'stdio'] },
            memory: {
              command: process.execPath,
              args: [memoryJs],
              env: { MEMORY_FILE_PATH: path.join(gw.home, 'm.jsonl') },
            },
          },
        },
        null,
        2,
      );
      await add.paste(snippet);
      await page.getByRole('heading', { name: '2 servers found' }).waitFor();
      await page.getByRole('button', { name: 'Add all 2' }).click();
      const servers = new ServersPage(page);
      await page.getByRole('heading', { name: 'Servers', level: 1 }).waitFor();
      await servers.waitForState('everything', 'running');
      await servers.waitForState('memory', 'running');
      const names = (await gw.api('GET', '/servers')).servers.map((s) => s.name).sort();
      assert(names.join() === 'everything,memory', `API lists both (got ${names})`);
    },
  },
  {
    name: 'add: a pasted "claude mcp add" command fills the form',
    async run(t) {
      const gw = await t.gateway({});
      const { page } = await t.dashboard(gw);
      const add = new AddServerPage(page);
      await add.open();
      await add.paste(
        `claude mcp add kg -e MEMORY_FILE_PATH=${path.join(gw.home, 'kg.jsonl')} -- ${process.execPath} ${memoryJs}`,
      );
      // One server: it opens in the form, ready to check and save.
      assert((await page.getByLabel('Name', { exact: true }).inputValue()) === 'kg', 'name from the command');
      assert(
        (await page.getByLabel('Command').inputValue()) === process.execPath,
        'command from the command line',
      );
      assert(
        (await page.getByLabel('Arguments').inputValue()) === memoryJs,
        'arguments from the command line',
      );
      assert((await page.getByLabel('Variable 1 name').inputValue()) === 'MEMORY_FILE_PATH', 'env from -e');
      await add.submit();
      await new ServerDetailPage(page).badge().filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
      assert((await gw.api('GET', '/servers/kg')).state === 'running', 'API says kg runs');
    },
  },
  {
    name: 'add: the catalog shows the full command and asks before adding',
    async run(t) {
      const gw = await t.gateway({});
      const { page } = await t.dashboard(gw);
      const add = new AddServerPage(page);
      await add.open();
      await page.getByRole('tab', { name: 'Catalog' }).click();
      await page.getByRole('listitem', { name: /^GitHub:/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Add GitHub?' });
      await dialog.waitFor();
      const cmd = await dialog.getByTestId('catalog-command').textContent();
      assert(cmd === 'npx -y @modelcontextprotocol/server-github', `full command shown (got ${cmd})`);
      const token = dialog.getByLabel('GITHUB_PERSONAL_ACCESS_TOKEN');
      assert((await token.getAttribute('type')) === 'password', 'the token field is masked');
      assert(
        await dialog.getByRole('button', { name: 'Add and run' }).isDisabled(),
        'cannot add without the required token',
      );
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert((await gw.api('GET', '/servers')).servers.length === 0, 'nothing added without confirmation');
    },
  },
  {
    name: 'add: a remote server with a bearer header (masked) connects over HTTP',
    async run(t) {
      const { startHttpBackend } = await import('../test/fixtures/servers/http-backend.mjs');
      const backend = await startHttpBackend({ port: 0, token: 'e2e-secret-token' });
      try {
        const gw = await t.gateway({});
        const { page } = await t.dashboard(gw);
        const add = new AddServerPage(page);
        await add.open();
        await page.getByLabel('Name', { exact: true }).fill('remote');
        await page.getByRole('radio', { name: 'Remote URL' }).click();
        await page.getByLabel('URL').fill(backend.url);
        await page.getByLabel('Transport').selectOption('http');
        await page.getByRole('button', { name: 'Add header' }).click();
        await page.getByLabel('Header 1 name').fill('Authorization');
        await page.getByLabel('Header 1 value').fill('Bearer e2e-secret-token');
        assert(
          (await page.getByLabel('Header 1 value').getAttribute('type')) === 'password',
          'the Authorization value is masked',
        );
        await add.submit();
        await new ServerDetailPage(page).badge().filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
        const s = await gw.api('GET', '/servers/remote');
        assert(
          s.transport === 'http' && s.state === 'running',
          `API: remote runs over http (${s.transport}, ${s.state})`,
        );
      } finally {
        await backend.close();
      }
    },
  },
  {
    name: 'add: a command that does not exist is explained on the server page',
    async run(t) {
      const gw = await t.gateway({});
      const { page } = await t.dashboard(gw);
      const add = new AddServerPage(page);
      await add.open();
      await add.fillStdio({ name: 'typo', command: 'definitely-not-a-command-xyz', args: '--stdio' });
      await add.submit();
      const alert = page.getByRole('alert').filter({ hasText: 'keeps failing' });
      await alert.waitFor({ timeout: 30_000 });
      await alert.getByText(/not found on PATH/).waitFor();
      await alert.getByRole('button', { name: 'Reset circuit' }).waitFor();
      assert((await gw.api('GET', '/servers/typo')).state === 'error', 'API: the circuit is open');
    },
  },
];
