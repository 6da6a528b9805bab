import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

import { assert, eventually, SERVERS } from './fixtures.js';
import { App } from './pages.js';

/** Profiles in the dashboard: the editor and its preview, a token of a profile, activity by client. */
export const tests = [
  {
    name: 'profiles: editor — create a profile, its globs change the preview and cost, a token gets it, activity filters by client',
    async run(t) {
      const gw = await t.gateway({ servers: { everything: SERVERS.everything, memory: SERVERS.memory } });
      await eventually(
        async () =>
          (await gw.api('GET', '/servers')).servers.every((s) => s.state === 'running' && s.tools > 0),
        {
          timeout: 60_000,
          message: 'servers running with tools',
        },
      );
      const { page } = await t.dashboard(gw);
      const app = new App(page);
      await app.nav('Clients');
      const card = page.getByRole('region', { name: 'Profiles' });
      await card.getByText('No profiles yet').waitFor();
      await card.getByRole('button', { name: 'New profile' }).click();

      const editor = page.getByRole('dialog', { name: 'New profile' });
      const cost = editor.getByTestId('profile-cost');
      const whole = await gw.api('POST', '/profiles/preview', { profile: {} });
      await waitText(cost, `${whole.all.tools} of ${whole.all.tools} tools`);
      await editor.getByRole('textbox', { name: 'Name' }).fill('notes');
      await editor.getByRole('checkbox', { name: /^All servers/ }).uncheck();
      await editor.getByRole('checkbox', { name: 'memory' }).check();
      const memoryOnly = await gw.api('POST', '/profiles/preview', { profile: { servers: ['memory'] } });
      await waitText(cost, `${memoryOnly.tools} of ${whole.all.tools} tools`);
      // Edit the globs: the preview follows, with the cost of what they select.
      await editor
        .getByRole('textbox', { name: 'Allow tools' })
        .fill('memory__read*\nmemory__search*\nmemory__typo*');
      const narrow = await gw.api('POST', '/profiles/preview', {
        profile: { servers: ['memory'], allow: ['memory__read*', 'memory__search*', 'memory__typo*'] },
      });
      assert(
        narrow.tools === 2 && narrow.tokens < memoryOnly.tokens,
        `two tools, cheaper: ${JSON.stringify(narrow)}`,
      );
      await waitText(cost, `2 of ${whole.all.tools} tools · ${formatTokens(narrow.tokens)} of`);
      await editor.getByRole('note').filter({ hasText: 'Allow memory__typo* matches no tool.' }).waitFor();
      await editor.getByRole('list', { name: 'Selected tools' }).getByText('memory__search_nodes').waitFor();
      // A bad value is reported at its field and nothing is written.
      await editor.getByRole('textbox', { name: 'Requests a minute' }).fill('-5');
      await editor.getByRole('button', { name: 'Create profile' }).click();
      await editor.getByRole('alert').filter({ hasText: 'at least 1 request a minute' }).waitFor();
      assert(
        (await editor.getByRole('textbox', { name: 'Requests a minute' }).getAttribute('aria-invalid')) ===
          'true',
        'the field is marked',
      );
      assert(
        (await gw.api('GET', '/profiles')).profiles.every((p) => p.name !== 'notes'),
        'nothing written yet',
      );
      await editor.getByRole('textbox', { name: 'Requests a minute' }).fill('');
      await editor.getByRole('button', { name: 'Create profile' }).click();
      await editor.waitFor({ state: 'detached' });
      const table = card.getByRole('table', { name: 'Profiles' });
      await table.getByText('notes', { exact: true }).waitFor();
      const saved = (await gw.api('GET', '/profiles')).profiles.find((p) => p.name === 'notes');
      assert(
        JSON.stringify(saved.config) ===
          JSON.stringify({
            servers: ['memory'],
            allow: ['memory__read*', 'memory__search*', 'memory__typo*'],
          }),
        `written to the config: ${JSON.stringify(saved.config)}`,
      );

      // Edit it with the keyboard-reachable Edit button: drop the typo glob.
      await table.getByRole('button', { name: 'Edit notes' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit profile notes' });
      await edit.getByRole('textbox', { name: 'Allow tools' }).fill('memory__read*\nmemory__search*');
      await edit.getByRole('button', { name: 'Save profile' }).click();
      await edit.waitFor({ state: 'detached' });
      await eventually(
        async () =>
          (await gw.api('GET', '/profiles')).profiles.find((p) => p.name === 'notes').config.allow.length ===
          2,
        {
          message: 'the edit is saved',
        },
      );

      // A token of that profile: its client sees and calls only the profile's tools.
      const tokens = page.getByRole('region', { name: 'Client tokens' });
      await tokens.getByRole('textbox', { name: 'Client name' }).fill('notes-agent');
      await tokens.getByRole('combobox', { name: 'Profile', exact: true }).selectOption('notes');
      await tokens.getByRole('button', { name: 'Create token' }).click();
      const token = ((await tokens.getByTestId('new-token').textContent()) ?? '').trim();
      await table.getByRole('row').filter({ hasText: 'notes-agent' }).waitFor();
      const client = new Client({ name: 'e2e-agent', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      try {
        const listed = (await client.listTools()).tools.map((x) => x.name).sort();
        assert(
          JSON.stringify(listed) === JSON.stringify(['memory__read_graph', 'memory__search_nodes']),
          `the profile's tools: ${listed}`,
        );
        await client.callTool({ name: 'memory__read_graph', arguments: {} });
      } finally {
        await client.close();
      }
      await gw.api('POST', '/tools/call', { id: 'everything__echo', arguments: { message: 'from the API' } });

      // Activity: filter by that client; the API's own call is left out.
      await app.nav('Activity');
      const calls = page.getByRole('table', { name: 'Calls' });
      await calls.getByText('echo', { exact: true }).waitFor();
      await page.getByRole('combobox', { name: 'Client' }).selectOption('notes-agent');
      await calls
        .getByRole('row')
        .filter({ hasText: 'read_graph' })
        .filter({ hasText: 'notes-agent · notes' })
        .waitFor();
      await eventually(async () => (await calls.getByText('echo', { exact: true }).count()) === 0, {
        message: 'other clients filtered out',
      });
      assert(page.url().includes('client=notes-agent'), `the filter is in the address: ${page.url()}`);
      await page.getByRole('combobox', { name: 'Profile' }).selectOption('default');
      await calls.getByText('No call matches these filters.').waitFor();
      const viaApi = await gw.api('GET', '/calls?client=notes-agent&profile=notes');
      assert(
        viaApi.calls.length === 1 && viaApi.calls[0].tool === 'read_graph',
        `the API agrees: ${JSON.stringify(viaApi.calls)}`,
      );

      // Deleting a profile in use asks where its tokens go.
      await app.nav('Clients');
      await table.getByRole('button', { name: 'Delete notes' }).click();
      const del = page.getByRole('dialog', { name: 'Delete profile notes?' });
      await del.getByRole('combobox', { name: 'Move its tokens to' }).selectOption('default');
      await del.getByRole('button', { name: 'Move tokens and delete' }).click();
      await eventually(
        async () =>
          (await gw.api('GET', '/tokens')).tokens.find((x) => x.name === 'notes-agent')?.profile ===
          'default',
        {
          message: 'the token moved to default',
        },
      );
      await card.getByText('No profiles yet').waitFor();
    },
  },
];

/** The dashboard's token figure, as src-renderer/lib/format.ts prints it. */
function formatTokens(n) {
  return n >= 10_000 ? `${(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}k` : n.toLocaleString('en-US');
}

/** Resolve when the locator's text contains `text`; bounded. */
async function waitText(locator, text) {
  await eventually(async () => ((await locator.textContent()) ?? '').includes(text), {
    message: `"${text}" in ${locator}`,
  });
}
