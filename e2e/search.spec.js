import { startFakeEmbeddings } from '../test/fixtures/servers/fake-embeddings.mjs';
import { assert, eventually, SERVERS } from './fixtures.js';
import { App } from './pages.js';

export const tests = [
  {
    name: 'search: semantic search is set up in Settings, tested, used and switched off',
    async run(t) {
      const endpoint = await startFakeEmbeddings();
      try {
        const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
        const { page } = await t.dashboard(gw);
        await new App(page).nav('Settings');
        assert((await gw.api('GET', '/search/embeddings')).state === 'off', 'off by default');
        await page.getByLabel('Endpoint URL').fill(endpoint.url);
        await page.getByLabel('Model', { exact: true }).fill('fake-embed');
        await page.getByRole('button', { name: 'Test connection' }).click();
        await page.getByText(/Connected: fake-embed answers 64 dimensions in [\d.]+ ms/).waitFor();
        // A test does not save anything.
        assert(
          (await gw.api('GET', '/settings')).settings.search.embeddings === undefined,
          'nothing saved by a test',
        );
        await page.getByRole('button', { name: 'Use this endpoint' }).click();
        await eventually(async () => (await gw.api('GET', '/search/embeddings')).state === 'ready', {
          message: 'tool vectors computed',
        });
        await page.getByText(/In use: \d+ tool vectors \(64 dimensions\)/).waitFor({ timeout: 20_000 });
        const search = await gw.api('GET', '/context/search?q=remember%20that%20Alice%20likes%20tea');
        assert(search.semantic.used === true, 'searches use it');
        await page.getByRole('switch', { name: 'Semantic search' }).click();
        await eventually(async () => (await gw.api('GET', '/search/embeddings')).state === 'off', {
          message: 'switched off',
        });
        const settings = (await gw.api('GET', '/settings')).settings.search.embeddings;
        assert(settings.enabled === false && settings.url === endpoint.url, 'endpoint kept while off');
      } finally {
        await endpoint.close();
      }
    },
  },
  {
    name: 'search: matching by meaning (word vectors) is on by default and switched off in Settings',
    async run(t) {
      const gw = await t.gateway({ servers: { memory: SERVERS.memory } });
      const { page } = await t.dashboard(gw);
      await new App(page).nav('Settings');
      const sw = page.getByRole('switch', { name: 'Match by meaning (word vectors)' });
      await eventually(async () => (await sw.getAttribute('aria-checked')) === 'true', {
        message: 'on by default',
      });
      await eventually(
        async () => (await gw.api('GET', '/context/search?q=recall%20what%20you%20know')).results.length > 0,
        {
          message: 'the memory server is searched',
        },
      );
      assert(!gw.output().includes('without word vectors'), 'the shipped word vectors loaded');
      await sw.click();
      await eventually(async () => (await gw.api('GET', '/settings')).settings.search.wordVectors === false, {
        message: 'switched off',
      });
      assert((await sw.getAttribute('aria-checked')) === 'false', 'the switch shows it');
    },
  },
];
