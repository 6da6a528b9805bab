import { assert, eventually, SERVERS } from './fixtures.js';
import { BudgetsPage } from './pages.js';

/** What clients load: the context report when the engine has it, else the visible tools' total. */
async function contextTotals(gw) {
  try {
    const c = await gw.api('GET', '/context');
    return {
      total: c.totals.contextTokens,
      visibleTools: c.totals.visibleTools,
      cost: (id) => c.tools.find((x) => x.id === id).tokens,
    };
  } catch {
    const r = await gw.api('GET', '/tools');
    return {
      total: r.totals.visibleTokens,
      visibleTools: r.totals.visible,
      cost: (id) => r.tools.find((x) => x.id === id).tokens,
    };
  }
}

export const tests = [
  {
    name: 'budgets: switching a tool off previews the saving, then applies it',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory, everything: SERVERS.everything } });
      const { page } = await t.dashboard(gw);
      const budgets = new BudgetsPage(page);
      await budgets.open();
      await budgets.toolSwitch('memory__read_graph').waitFor({ timeout: 30_000 });
      // Both servers' tools are in before the figures are compared.
      await eventually(async () => (await contextTotals(gw)).visibleTools >= 25, {
        message: 'all tools listed',
      });
      const before = await contextTotals(gw);
      await eventually(async () => (await budgets.total()) === before.total, {
        message: 'the total matches the API',
      });
      const cost = before.cost('memory__read_graph');

      await budgets.toolSwitch('memory__read_graph').click();
      await eventually(
        async () =>
          ((await budgets.preview().textContent()) ?? '').includes(
            (before.total - cost).toLocaleString('en-US'),
          ),
        {
          message: 'the preview shows the new total',
        },
      );
      assert(
        (await budgets.preview().textContent()).includes('1 tool change'),
        'the preview counts the tool',
      );
      assert((await contextTotals(gw)).total === before.total, 'nothing applied yet');

      await budgets.preview().getByRole('button', { name: 'Apply' }).click();
      await budgets.preview().waitFor({ state: 'detached' });
      await eventually(async () => (await contextTotals(gw)).total === before.total - cost, {
        message: 'API total dropped',
      });
      await eventually(async () => (await budgets.total()) === before.total - cost, {
        message: 'screen total dropped',
      });
    },
  },
  {
    name: 'budgets: meta mode is previewed, then applied to the gateway',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      const budgets = new BudgetsPage(page);
      await budgets.open();
      await budgets.toolSwitch('memory__read_graph').waitFor({ timeout: 30_000 });
      await page.getByRole('switch', { name: 'Meta mode' }).click();
      await eventually(
        async () => /With 1 change: .* tokens/.test((await budgets.preview().textContent()) ?? ''),
        { message: 'meta mode preview' },
      );
      assert((await gw.api('GET', '/settings')).settings.mode === 'all', 'not applied before Apply');
      await budgets.preview().getByRole('button', { name: 'Apply' }).click();
      await eventually(async () => (await gw.api('GET', '/settings')).settings.mode === 'meta', {
        message: 'meta mode on in the API',
      });
      await page.getByText(/meta mode: search-and-invoke tools/).waitFor();
      await eventually(async () => (await budgets.total()) === (await contextTotals(gw)).total, {
        message: 'screen shows what clients load',
      });
    },
  },
  {
    name: 'budgets: in meta mode a pinned tool is previewed and saved in the server controls',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory }, gateway: { mode: 'meta' } });
      const { page } = await t.dashboard(gw);
      const budgets = new BudgetsPage(page);
      await budgets.open();
      const pin = page.getByRole('switch', { name: 'Pin memory__read_graph' });
      await pin.waitFor({ timeout: 30_000 });
      await eventually(async () => (await contextTotals(gw)).visibleTools === 9, { message: 'tools listed' });
      const before = await contextTotals(gw);
      await pin.click();
      await eventually(
        async () => /With 1 change: .* tokens \(\+/.test((await budgets.preview().textContent()) ?? ''),
        { message: 'the pin adds tokens in the preview' },
      );
      await budgets.preview().getByRole('button', { name: 'Apply' }).click();
      await eventually(
        async () =>
          ((await gw.api('GET', '/servers/memory')).config.tools?.pinned ?? []).includes('read_graph'),
        { message: 'pinned in the config' },
      );
      await eventually(async () => (await contextTotals(gw)).total > before.total, {
        message: 'clients load the pinned tool too',
      });
    },
  },
];
