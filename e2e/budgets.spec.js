import { assert, eventually, SERVERS } from './fixtures.js';
import { BudgetsPage } from './pages.js';

export const tests = [
  {
    name: 'budgets: switching a tool off previews the saving, then applies it',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory, everything: SERVERS.everything } });
      const { page } = await t.dashboard(gw);
      const budgets = new BudgetsPage(page);
      await budgets.open();
      await budgets.toolSwitch('memory__read_graph').waitFor({ timeout: 30_000 });
      const before = await gw.api('GET', '/tools');
      await eventually(async () => (await budgets.total()) === before.totals.visibleTokens, { message: 'the total matches the API' });
      const cost = before.tools.find((x) => x.id === 'memory__read_graph').tokens;

      await budgets.toolSwitch('memory__read_graph').click();
      await budgets.preview().waitFor();
      const text = await budgets.preview().textContent();
      assert(text.includes((before.totals.visibleTokens - cost).toLocaleString('en-US')), `preview shows the new total (${text})`);
      assert((await gw.api('GET', '/tools')).totals.visibleTokens === before.totals.visibleTokens, 'nothing applied yet');

      await budgets.preview().getByRole('button', { name: 'Apply' }).click();
      await budgets.preview().waitFor({ state: 'detached' });
      await eventually(async () => (await gw.api('GET', '/tools')).totals.visibleTokens === before.totals.visibleTokens - cost, { message: 'API total dropped' });
      await eventually(async () => (await budgets.total()) === before.totals.visibleTokens - cost, { message: 'screen total dropped' });
    },
  },
  {
    name: 'budgets: meta mode switch changes the gateway setting',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const budgets = new BudgetsPage(page);
      await budgets.open();
      await page.getByRole('switch', { name: 'Meta mode' }).click();
      await eventually(async () => (await gw.api('GET', '/settings')).settings.mode === 'meta', { message: 'meta mode on in the API' });
      await page.getByRole('switch', { name: 'Meta mode' }).click();
      await eventually(async () => (await gw.api('GET', '/settings')).settings.mode === 'all', { message: 'meta mode off in the API' });
    },
  },
];
