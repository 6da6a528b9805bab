import { assert, eventually, SERVERS } from './fixtures.js';
import { App, ServersPage } from './pages.js';

export const tests = [
  {
    name: 'app: first run shows the endpoint, the client snippets and what to do next',
    async run(t) {
      const gw = await t.gateway({});
      const { page } = await t.dashboard(gw);
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      assert((await page.getByTestId('endpoint').textContent()) === `${gw.url}/mcp`, 'endpoint shown');
      await page.getByRole('heading', { name: 'Add your first server' }).waitFor();
      await page.getByRole('tab', { name: 'Claude Desktop' }).click();
      await page.getByText(`"--url",`).waitFor();
      // The token left the address bar.
      assert(!page.url().includes('token='), `token stripped from the URL (${page.url()})`);
    },
  },
  {
    name: 'app: without the token it explains where to find it, and a pasted token connects',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw, { withToken: false });
      await page.getByRole('heading', { name: 'Access token needed' }).waitFor();
      await page.getByLabel('Access token').fill(gw.token);
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await eventually(async () => (await page.getByTestId('count-servers').textContent()) === '1', {
        message: 'server count',
      });
    },
  },
  {
    name: 'app: the banner shows while the engine is down and the page reconnects by itself',
    timeout: 120_000,
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const app = new App(page);
      const servers = new ServersPage(page);
      await servers.open();
      await servers.waitForState('memory', 'running');
      await gw.stop();
      await page.getByText('Lost connection to the gateway.').waitFor({ timeout: 20_000 });
      // The same gateway comes back on the same port: the page reconnects and refetches by itself.
      const next = await t.gateway({ home: gw.home, port: gw.port });
      await app.banner().waitFor({ state: 'detached', timeout: 30_000 });
      // The restarted gateway lists memory from its list cache without starting it.
      await servers.waitForState('memory', 'sleeping', 45_000);
      await eventually(async () => (await next.api('GET', '/servers/memory')).state === 'sleeping', {
        message: 'engine back',
      });
    },
  },
  {
    name: 'app: settings say that port changes need a restart; theme switches to dark',
    async run(t) {
      const gw = await t.gateway({});
      const { page } = await t.dashboard(gw);
      const app = new App(page);
      await app.nav('Settings');
      await page.getByLabel('Port').fill('7499');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/Restart the gateway to apply: .*port/).waitFor();
      assert((await gw.api('GET', '/settings')).settings.port === 7499, 'port saved');
      // After a reload (the token survives in this tab) the page still says a restart is pending.
      await page.reload();
      await page.getByRole('heading', { name: 'Settings' }).waitFor();
      await page.getByText(/Restart the gateway to apply: .*port/).waitFor();
      await page.getByText(`It keeps listening on 127.0.0.1:${gw.port}`).waitFor();
      await page.getByRole('radio', { name: 'Dark' }).click();
      assert(
        (await page.evaluate(() => globalThis.document.documentElement.dataset.theme)) === 'dark',
        'dark theme applied',
      );
      // Desktop-only settings are hidden in a browser.
      assert(
        (await page.getByText('Start MCP Gateway when you log in').count()) === 0,
        'no start-at-login in a browser',
      );
    },
  },
  {
    name: 'app: the compact tray layout has a bottom bar and keyboard navigation works',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw, { viewport: { width: 400, height: 600 } });
      const app = new App(page);
      assert(
        !(await page.getByRole('navigation', { name: 'Main', exact: true }).isVisible()),
        'sidebar hidden when compact',
      );
      await app.nav('Servers');
      const servers = new ServersPage(page);
      await servers.waitForState('memory', 'running');
      // Keyboard: focus the row and open it with Enter.
      await servers.row('memory').focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1 }).filter({ hasText: 'memory' }).waitFor();
      await page.keyboard.press('g');
      await page.keyboard.press('b');
      await page.getByRole('heading', { name: 'Budgets' }).waitFor();
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });
    },
  },
];

/**
 * Stands in for the Electron preload (which cannot run on the build machines): the same
 * `window.mcpGateway` contract, recording what the page asks the shell to do.
 */
function fakeDesktopBridge({ apiBase, token }) {
  const calls = [];
  const prefs = { theme: 'dark', lastView: '', autoUpdate: true };
  let atLogin = false;
  globalThis.__desktopCalls = calls;
  globalThis.mcpGateway = {
    apiBase,
    token,
    platform: 'linux',
    desktop: {
      getStartAtLogin: async () => atLogin,
      setStartAtLogin: async (on) => {
        calls.push(['setStartAtLogin', on]);
        atLogin = on;
        return atLogin;
      },
      getAutoUpdate: async () => prefs.autoUpdate,
      setAutoUpdate: async (on) => {
        calls.push(['setAutoUpdate', on]);
        prefs.autoUpdate = on;
        return on;
      },
      revealConfig: async () => calls.push(['revealConfig']),
      getPreferences: async () => ({ ...prefs }),
      setPreferences: async (patch) => {
        calls.push(['setPreferences', patch]);
        Object.assign(prefs, patch);
        return { ...prefs };
      },
      expandWindow: async () => calls.push(['expandWindow']),
      openExternal: async (url) => calls.push(['openExternal', url]),
      quit: async () => calls.push(['quit']),
    },
  };
}

tests.push({
  name: 'app: in the desktop shell it uses the preload bridge: token, theme, last view, start at login, expand',
  async run(t) {
    const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
    const { page } = await t.dashboard(gw, {
      withToken: false,
      viewport: { width: 400, height: 600 },
      initScript: { fn: fakeDesktopBridge, arg: { apiBase: gw.url, token: gw.token } },
    });
    const calls = () => page.evaluate(() => globalThis.__desktopCalls);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    // The theme comes from the shell's preferences.
    await eventually(
      async () => (await page.evaluate(() => globalThis.document.documentElement.dataset.theme)) === 'dark',
      { message: 'theme from the shell' },
    );
    const app = new App(page);
    await app.nav('Settings');
    await page.getByRole('switch', { name: 'Start at login' }).click();
    await eventually(async () => (await calls()).some(([n, v]) => n === 'setStartAtLogin' && v === true), {
      message: 'start at login set',
    });
    await eventually(
      async () => (await calls()).some(([n, v]) => n === 'setPreferences' && v.lastView === '#/settings'),
      { message: 'last view saved' },
    );
    await page.getByRole('button', { name: 'Open in a full window' }).click();
    await eventually(async () => (await calls()).some(([n]) => n === 'expandWindow'), {
      message: 'expand asked',
    });
  },
});

tests.push({
  name: 'app: the command palette jumps to a server view and runs server actions',
  async run(t) {
    const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
    const { page } = await t.dashboard(gw);
    const servers = new ServersPage(page);
    await servers.open();
    await servers.waitForState('memory', 'running');
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command' }).fill('memory logs');
    await page.keyboard.press('Enter');
    await page.getByRole('log', { name: 'Logs of memory' }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command' }).fill('disable mem');
    await page.keyboard.press('Enter');
    await eventually(async () => (await gw.api('GET', '/servers/memory')).state === 'disabled', {
      message: 'memory disabled from the palette',
    });
  },
});

tests.push({
  name: 'app: activity lists calls live and filters them by server, result and text',
  async run(t) {
    const gw = await t.gateway({ servers: { memory: SERVERS.memory, everything: SERVERS.everything } });
    const { page } = await t.dashboard(gw);
    const app = new App(page);
    await eventually(
      async () => (await gw.api('GET', '/servers')).servers.every((s) => s.state === 'running'),
      { message: 'servers running' },
    );
    await app.nav('Activity');
    await page.getByRole('heading', { name: 'No calls yet' }).waitFor();
    await gw.api('POST', '/tools/call', { server: 'everything', tool: 'echo', arguments: { message: 'hi' } });
    await gw.api('POST', '/tools/call', { server: 'memory', tool: 'read_graph', arguments: {} });
    await gw.api('POST', '/tools/call', {
      server: 'everything',
      tool: 'get-sum',
      arguments: { a: 'not a number' },
    });
    const rows = page.getByRole('table', { name: 'Calls' }).getByRole('row');
    await eventually(async () => (await rows.count()) === 3, { message: 'three calls, live' });
    await page.getByRole('combobox', { name: 'Server' }).selectOption('memory');
    await eventually(async () => (await rows.count()) === 1, { message: 'one memory call' });
    await page.getByRole('combobox', { name: 'Server' }).selectOption('');
    await page.getByRole('button', { name: 'Failed' }).click();
    await eventually(
      async () => (await rows.count()) === 1 && /get-sum/.test(await rows.first().textContent()),
      { message: 'the failed call' },
    );
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.getByLabel('Filter calls').fill('echo');
    await eventually(
      async () => (await rows.count()) === 1 && /echo/.test(await rows.first().textContent()),
      { message: 'text filter' },
    );
  },
});
