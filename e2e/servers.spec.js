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
      await eventually(async () => /\b9\s*tools/.test((await servers.row('memory').textContent()) ?? ''), {
        message: 'memory shows its 9 tools',
      });

      await servers.toggle('memory').click();
      await servers.waitForState('memory', 'disabled');
      const off = await gw.api('GET', '/servers/memory');
      assert(off.state === 'disabled' && off.disabled === true, `API says disabled (got ${off.state})`);

      // Enabled again, it is listed from its list cache and starts on first use.
      await servers.toggle('memory').click();
      await servers.waitForState('memory', 'sleeping');
      const on = await gw.api('GET', '/servers/memory');
      assert(
        on.state === 'sleeping' && on.disabled === false,
        `API says enabled and sleeping (got ${on.state})`,
      );
      await gw.api('POST', '/servers/memory/wake');
      await servers.waitForState('memory', 'running');
    },
  },
  {
    name: 'servers: sleep and wake from the server page and from the list; memory saved, calm colour',
    timeout: 120_000,
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const servers = new ServersPage(page);
      const detail = new ServerDetailPage(page);
      await servers.open();
      await servers.waitForState('memory', 'running');

      // The server page: Sleep now stops it; the page says what it frees and why it sleeps.
      await detail.open('memory');
      const status = page.getByRole('region', { name: 'Status' });
      await status.getByRole('button', { name: 'Sleep now' }).click();
      await detail.badge().and(page.locator('[data-state="sleeping"]')).waitFor();
      await status.getByText('Memory saved').waitFor();
      const saved = (await page.getByTestId('memory').textContent()) ?? '';
      assert(/^\d+(\.\d)? MiB/.test(saved), `a memory-saved figure (got "${saved}")`);
      await page.getByTestId('state-reason').filter({ hasText: 'put to sleep through the API' }).waitFor();
      const asleep = await gw.api('GET', '/servers/memory');
      assert(
        asleep.state === 'sleeping' && asleep.pid === undefined,
        `API: sleeping, no process (got ${asleep.state}, pid ${asleep.pid})`,
      );
      assert(
        asleep.footprintBytes > 0 && saved.startsWith(String(Math.round(asleep.footprintBytes / 2 ** 20))),
        `the page shows the measured footprint (${asleep.footprintBytes} B, page "${saved}")`,
      );
      // Sleeping has its own calm colour: the accent on soft grey, not a warning or failure colour.
      const colours = await detail.badge().evaluate((badge) => {
        const probe = globalThis.document.createElement('span');
        probe.style.color = 'var(--accent)';
        probe.style.background = 'var(--grey-soft)';
        globalThis.document.body.append(probe);
        const want = globalThis.getComputedStyle(probe);
        const got = globalThis.getComputedStyle(badge);
        const out = {
          color: got.color,
          background: got.backgroundColor,
          accent: want.color,
          soft: want.backgroundColor,
        };
        probe.remove();
        return out;
      });
      assert(
        colours.color === colours.accent && colours.background === colours.soft,
        `sleeping badge in the calm colour (${JSON.stringify(colours)})`,
      );

      // Wake on the page starts it again.
      await status.getByRole('button', { name: 'Wake' }).click();
      await detail.badge().and(page.locator('[data-state="running"]')).waitFor({ timeout: 30_000 });
      // Each transition says why: the history shows the sleep and the wake.
      await detail.history().getByText('woken through the API').first().waitFor();
      await detail.history().getByText('put to sleep through the API').first().waitFor();
      const awake = await gw.api('GET', '/servers/memory');
      assert(
        awake.state === 'running' && awake.pid > 0,
        `API: running with a process (got ${awake.state}, pid ${awake.pid})`,
      );

      // The list's card: Sleep now and Wake from its menu; the overview adds up what sleeping frees.
      await servers.open();
      await servers.menu('memory', 'Sleep now');
      await servers.waitForState('memory', 'sleeping');
      await page.evaluate(() => (globalThis.location.hash = '#/'));
      await page
        .getByTestId('memory-saved')
        .filter({ hasText: /MiB freed by sleeping servers/ })
        .waitFor();
      await servers.open();
      await servers.menu('memory', 'Wake');
      await servers.waitForState('memory', 'running', 30_000);
      assert((await gw.api('GET', '/servers/memory')).state === 'running', 'API: running again');
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
      await app
        .toast(/memory/)
        .getByRole('button', { name: 'Undo' })
        .waitFor();
      await servers.row('memory').waitFor({ state: 'detached' });
      await app
        .toast(/memory/)
        .getByRole('button', { name: 'Undo' })
        .click();
      await servers.waitForState('memory', 'running');
      await eventually(async () => (await gw.api('GET', '/servers/memory')).state === 'running', {
        message: 'memory back in the API',
      });
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
      await eventually(
        async () => {
          const s = await gw.api('GET', '/servers/memory');
          return s.state === 'running' && s.pid !== pid;
        },
        { message: 'a new process', timeout: 30_000 },
      );
      const detail = new ServerDetailPage(page);
      await detail.open('memory', 'history');
      await eventually(async () => (await detail.history().getByText('Running').count()) >= 2, {
        message: 'two runs in the history',
      });
    },
  },
  {
    name: 'servers: a server that keeps failing opens its circuit; the reason is shown and reset tries again',
    async run(t) {
      const gw = await t.gateway({
        servers: {
          nokey: {
            command: process.execPath,
            args: [path.join(ROOT, 'test/fixtures/servers/exits-at-once.mjs')],
          },
        },
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
      await eventually(async () => (await gw.api('GET', '/servers/nokey')).since !== before, {
        message: 'the server left the open circuit',
      });
      await detail.tab('History');
      await detail.history().getByText('from failed').first().waitFor();
    },
  },
];
