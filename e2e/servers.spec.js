import path from 'node:path';

import { assert, eventually, ROOT, SERVERS } from './fixtures.js';
import { App, ServerDetailPage, ServersPage } from './pages.js';

export const tests = [
  {
    name: 'servers: live list, disable and enable from the list',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const servers = new ServersPage(page);
      await servers.open();
      await servers.waitForState('memory', 'running');
      // The tool list arrives just after the server runs.
      await eventually(async () => /\b9\s*tools/.test((await servers.row('memory').textContent()) ?? ''), { message: 'memory shows its 9 tools' });

      await servers.toggle('memory').click();
      await servers.waitForState('memory', 'disabled');
      const off = await gw.api('GET', '/servers/memory');
      assert(off.state === 'disabled' && off.disabled === true, `API says disabled (got ${off.state})`);

      // Enabled again, it is listed from its list cache and starts on first use.
      await servers.toggle('memory').click();
      await servers.waitForState('memory', 'sleeping');
      const on = await gw.api('GET', '/servers/memory');
      assert(on.state === 'sleeping' && on.disabled === false, `API says enabled and sleeping (got ${on.state})`);
      await gw.api('POST', '/servers/memory/wake');
      await servers.waitForState('memory', 'running');
    },
  },
  {
    name: 'servers: a server added behind the page appears without reload',
    async run(t) {
      const gw = await t.gateway({});
      const { page } = await t.dashboard(gw);
      const servers = new ServersPage(page);
      await servers.open();
      await page.getByRole('heading', { name: 'No servers yet' }).waitFor();
      await gw.api('POST', '/servers', { name: 'everything', config: SERVERS.everything() });
      await servers.waitForState('everything', 'running');
    },
  },
  {
    name: 'servers: remove asks first, and undo brings the server back',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const servers = new ServersPage(page);
      const app = new App(page);
      await servers.open();
      await servers.waitForState('memory', 'running');
      await servers.menu('memory', 'Remove…');
      const dialog = page.getByRole('dialog', { name: 'Remove memory?' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      assert((await gw.api('GET', '/servers')).servers.length === 1, 'cancel keeps the server');

      await servers.menu('memory', 'Remove…');
      await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
      await app.toast(/memory/).getByRole('button', { name: 'Undo' }).waitFor();
      await servers.row('memory').waitFor({ state: 'detached' });
      await app.toast(/memory/).getByRole('button', { name: 'Undo' }).click();
      await servers.waitForState('memory', 'running');
      await eventually(async () => (await gw.api('GET', '/servers/memory')).state === 'running', { message: 'memory back in the API' });
    },
  },
  {
    name: 'servers: restart from the menu shows up in the state history',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const servers = new ServersPage(page);
      await servers.open();
      await servers.waitForState('memory', 'running');
      const pid = (await gw.api('GET', '/servers/memory')).pid;
      await servers.menu('memory', 'Restart');
      await eventually(async () => {
        const s = await gw.api('GET', '/servers/memory');
        return s.state === 'running' && s.pid !== pid;
      }, { message: 'a new process', timeout: 30_000 });
      const detail = new ServerDetailPage(page);
      await detail.open('memory', 'history');
      await eventually(async () => (await detail.history().getByText('Running').count()) >= 2, { message: 'two runs in the history' });
    },
  },
  {
    name: 'servers: a server that keeps failing opens its circuit; the reason is shown and reset tries again',
    async run(t) {
      const gw = await t.gateway({
        servers: { nokey: { command: process.execPath, args: [path.join(ROOT, 'test/fixtures/servers/exits-at-once.mjs')] } },
        gateway: { supervisor: { circuitMaxFailures: 2, backoffInitialMs: 200 } },
      });
      const { page } = await t.dashboard(gw);
      const servers = new ServersPage(page);
      await servers.open();
      await servers.waitForState('nokey', 'error', 30_000);
      await page.getByRole('link', { name: 'Servers' }).first().locator('.alert-dot').waitFor();
      const detail = new ServerDetailPage(page);
      await detail.open('nokey', 'logs');
      await page.getByRole('log').getByText('fatal: EXAMPLE_API_KEY is not set').first().waitFor();
      const alert = page.getByRole('alert').filter({ hasText: 'keeps failing' });
      await alert.waitFor();
      const before = (await gw.api('GET', '/servers/nokey')).since;
      await alert.getByRole('button', { name: 'Reset circuit' }).click();
      // Reset starts it again (and, with no key, it fails again): the history shows the new attempt.
      await eventually(async () => (await gw.api('GET', '/servers/nokey')).since !== before, { message: 'the server left the open circuit' });
      await detail.tab('History');
      await detail.history().getByText('from failed').first().waitFor();
    },
  },
];
