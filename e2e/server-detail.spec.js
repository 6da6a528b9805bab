import { assert, eventually, SERVERS } from './fixtures.js';
import { ServerDetailPage, ServersPage, waitText } from './pages.js';

export const tests = [
  {
    name: 'detail: call a tool from a form generated from its schema',
    async run(t) {
      const gw = await t.gateway({ servers: { everything: SERVERS.everything } });
      const { page } = await t.dashboard(gw);
      const detail = new ServerDetailPage(page);
      await detail.open('everything');
      await detail.badge().filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
      const result = await detail.callTool('echo', { message: 'hello from the dashboard' });
      await waitText(result, /hello from the dashboard/);
      await page.getByText('Success').waitFor();
      // The call is recorded and reaches the calls tab live.
      await detail.tab('Calls');
      await page.getByRole('table', { name: 'Recent calls' }).getByText('echo').waitFor();
      const calls = (await gw.api('GET', '/calls')).calls;
      assert(
        calls.some((c) => c.tool === 'echo' && c.client === 'api' && c.ok),
        'the API recorded the call',
      );
    },
  },
  {
    name: 'detail: JSON arguments and a tool error are shown in words',
    async run(t) {
      const gw = await t.gateway({ servers: { everything: SERVERS.everything } });
      const { page } = await t.dashboard(gw);
      const detail = new ServerDetailPage(page);
      await detail.open('everything', 'try');
      await detail.badge().filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
      await page.getByLabel('Tool', { exact: true }).selectOption('get-sum');
      await page.getByRole('button', { name: 'JSON' }).click();
      await page.getByLabel('Arguments (JSON)').fill('{ "a": 2, ');
      await page.getByRole('button', { name: 'Call get-sum' }).click();
      await page.getByText(/Not valid JSON/).waitFor();
      await page.getByLabel('Arguments (JSON)').fill('{ "a": 2, "b": 40 }');
      await page.getByRole('button', { name: 'Call get-sum' }).click();
      await waitText(page.getByTestId('tool-result'), /42/);
    },
  },
  {
    name: 'detail: a crashing server goes to restarting and comes back; logs and history show it live',
    async run(t) {
      const gw = await t.gateway({ servers: { crashy: (home) => SERVERS.crashing(home, 1) } });
      const { page } = await t.dashboard(gw);
      const servers = new ServersPage(page);
      await servers.open();
      await servers.waitForState('crashy', 'running');
      const detail = new ServerDetailPage(page);
      await detail.open('crashy', 'logs');
      await page.getByRole('log').waitFor();
      // Crash it through the API, as a client's call would.
      await gw
        .api('POST', '/tools/call', { server: 'crashy', tool: 'echo', arguments: { text: 'boom' } })
        .catch(() => undefined);
      await waitText(detail.logs(), /crashing after 1 calls/);
      await detail.tab('History');
      const history = detail.history();
      await history.getByText('Restarting').first().waitFor();
      await eventually(async () => (await history.getByText('Running').count()) > 0, {
        message: 'running again in the history',
        timeout: 30_000,
      });
      await detail.badge().filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
      const s = await gw.api('GET', '/servers/crashy');
      assert(
        s.state === 'running' && s.restarts >= 1,
        `API: running after a restart (state ${s.state}, restarts ${s.restarts})`,
      );
      await page.getByRole('tab', { name: 'Overview' }).click();
      await page.getByText(/Restarts/).waitFor();
    },
  },
  {
    name: 'detail: tool switches hide a tool from clients',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const detail = new ServerDetailPage(page);
      await detail.open('memory', 'tools');
      const sw = page.getByRole('switch', { name: 'Tool read_graph' });
      await sw.waitFor({ timeout: 30_000 });
      await sw.click();
      await eventually(async () => (await sw.getAttribute('aria-checked')) === 'false', {
        message: 'switch off',
      });
      const tools = (await gw.api('GET', '/tools?server=memory')).tools;
      const rg = tools.find((x) => x.name === 'read_graph');
      assert(rg && rg.enabled === false && rg.visible === false, 'API: read_graph is off and hidden');
    },
  },
  {
    name: 'detail: edit the config as JSON; redacted secrets are kept',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const detail = new ServerDetailPage(page);
      await detail.open('memory');
      await detail.badge().filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Edit' }).click();
      const editor = page.getByLabel('Server config (JSON)');
      const config = JSON.parse(await editor.inputValue());
      assert(config.env.MEMORY_FILE_PATH === '[redacted]', 'env values are redacted in the editor');
      await editor.fill(JSON.stringify({ ...config, url: 'http://x' }));
      await page.getByRole('button', { name: 'Save and restart' }).click();
      await page.getByText(/a server has either "command" or "url", not both/).waitFor();
      await editor.fill(JSON.stringify({ ...config, description: 'Knowledge graph' }, null, 2));
      await page.getByRole('button', { name: 'Save and restart' }).click();
      await page.getByText('Knowledge graph').first().waitFor();
      await eventually(
        async () => {
          const s = await gw.api('GET', '/servers/memory');
          return s.description === 'Knowledge graph' && s.state === 'running';
        },
        { message: 'description saved and server running', timeout: 30_000 },
      );
      // The stored secret survived the round trip: the server still writes to the same file.
      await gw.api('POST', '/tools/call', {
        server: 'memory',
        tool: 'create_entities',
        arguments: { entities: [{ name: 'a', entityType: 't', observations: [] }] },
      });
      const { readFile } = await import('node:fs/promises');
      const file = await readFile(`${gw.home}/memory.jsonl`, 'utf8');
      assert(file.includes('"a"'), 'memory kept its MEMORY_FILE_PATH');
    },
  },
  {
    name: 'detail: per-server limits are previewed, then hide tools from clients',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const detail = new ServerDetailPage(page);
      await detail.open('memory', 'tools');
      await page.getByRole('switch', { name: 'Tool read_graph' }).waitFor({ timeout: 30_000 });
      await page.getByLabel('Hide tools matching').fill('delete_*');
      await waitText(page.getByTestId('limits-effect'), /Clients would see 6 of 9 tools/);
      assert(
        (await gw.api('GET', '/tools?server=memory')).tools.every((x) => x.visible),
        'nothing hidden before saving',
      );
      await page.getByRole('button', { name: 'Save limits' }).click();
      await eventually(
        async () => {
          const tools = (await gw.api('GET', '/tools?server=memory')).tools;
          return (
            tools.filter((x) => x.visible).length === 6 &&
            tools.find((x) => x.name === 'delete_entities').hiddenReason === 'denied'
          );
        },
        { message: 'delete_* hidden by the deny pattern' },
      );
      assert(
        JSON.stringify((await gw.api('GET', '/servers/memory')).config.tools.deny) === '["delete_*"]',
        'saved in the config',
      );
    },
  },
];
