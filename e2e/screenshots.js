#!/usr/bin/env node
/**
 * Screenshots of every dashboard view, light and dark, for docs/screenshots/. Runs a real gateway
 * with real servers (and a real MCP client connected, and a crash to recover from) so the pictures
 * show what a person sees. Builds nothing: run `npm run build` first.
 *
 *   node e2e/screenshots.js [outDir]        SHOTS=tool-review limits it to shots whose name contains that
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

import { eventually, launchBrowser, openDashboard, ROOT, SERVERS, sleep, startGateway } from './fixtures.js';
import { POISONED_ADD, writeTools } from './trust.spec.js';

const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'docs/screenshots'));
await mkdir(out, { recursive: true });

// A fake home with client configs, so the Clients view shows something real without reading this machine.
const home = await mkdtemp(path.join(tmpdir(), 'mcpgw-shots-home-'));
await mkdir(path.join(home, '.cursor'), { recursive: true });
await writeFile(
  path.join(home, '.cursor', 'mcp.json'),
  JSON.stringify(
    {
      mcpServers: {
        github: {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-github'],
          env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_example' },
        },
        memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
      },
    },
    null,
    2,
  ),
);
await mkdir(path.join(home, '.config', 'Claude'), { recursive: true });
await writeFile(
  path.join(home, '.config', 'Claude', 'claude_desktop_config.json'),
  JSON.stringify({ mcpServers: { fetch: { command: 'uvx', args: ['mcp-server-fetch'] } } }, null, 2),
);
process.env.HOME = home;
process.env.XDG_CONFIG_HOME = path.join(home, '.config');

const gw = await startGateway({
  servers: {
    everything: SERVERS.everything,
    memory: SERVERS.memory,
    flaky: (home) => SERVERS.crashing(home, 3),
  },
});
// A server whose `add` turns into Invariant Labs' poisoned one after it was added (a rug pull).
await writeTools(gw.home, [
  {
    ...POISONED_ADD,
    description: 'Adds two numbers.',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
  },
]);
await gw.api('POST', '/servers', { name: 'calc', config: SERVERS.mutable(gw.home) });
const browser = await launchBrowser();
let tokenShots = 0;
const client = new Client({ name: 'Cursor', version: '1.7.2' });
try {
  await eventually(
    async () => (await gw.api('GET', '/servers')).servers.every((s) => s.state === 'running'),
    { timeout: 60_000, message: 'servers running' },
  );
  // A connected client and some traffic: calls, a tool error, and a crash the supervisor recovers from.
  const { token } = await gw.api('POST', '/tokens', { name: 'Cursor' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  const call = (server, tool, args) =>
    gw.api('POST', '/tools/call', { server, tool, arguments: args }).catch(() => undefined);
  await call('everything', 'echo', { message: 'hello' });
  await call('everything', 'get-sum', { a: 20, b: 22 });
  await call('memory', 'create_entities', {
    entities: [
      { name: 'gateway', entityType: 'project', observations: ['one endpoint for all MCP servers'] },
    ],
  });
  await call('memory', 'read_graph', {});
  await call('everything', 'get-sum', { a: 'x' });
  for (let i = 0; i < 3; i++) {
    await call('flaky', 'echo', { text: `call ${i}` });
  }
  await client
    .callTool({ name: 'everything__echo', arguments: { message: 'from Cursor' } })
    .catch(() => undefined);
  // Profiles, and a second client whose token belongs to one of them.
  await gw.api('POST', '/profiles', {
    name: 'coding',
    profile: {
      description: 'Cursor: coding tools',
      servers: ['everything'],
      deny: ['everything__trigger-*'],
    },
  });
  await gw.api('POST', '/profiles', {
    name: 'notes',
    profile: {
      servers: ['memory'],
      allow: ['memory__read*', 'memory__search*'],
      mode: 'meta',
      rateLimit: { requestsPerMinute: 60 },
    },
  });
  const agent = await gw.api('POST', '/tokens', { name: 'ci-agent', profile: 'notes' });
  const agentClient = new Client({ name: 'ci', version: '1.0.0' });
  await agentClient.connect(
    new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${agent.token}` } },
    }),
  );
  await agentClient
    .callTool({ name: 'gateway__call_tool', arguments: { id: 'memory__read_graph', arguments: {} } })
    .catch(() => undefined);
  await agentClient.close();
  await gw.api('PATCH', '/tokens/Cursor', { profile: 'coding' });
  await gw.api('POST', '/tools/memory/delete_relations/disable');
  await eventually(async () => (await gw.api('GET', '/servers/flaky')).state === 'running', {
    timeout: 30_000,
    message: 'flaky back',
  });
  await writeTools(gw.home, [POISONED_ADD]);
  await eventually(async () => (await gw.api('GET', '/trust/review')).items.length === 1, {
    timeout: 30_000,
    message: 'calc held back',
  });

  const shots = [
    { name: 'overview', route: '#/' },
    { name: 'servers', route: '#/servers' },
    { name: 'server-detail', route: '#/servers/flaky' },
    { name: 'server-tools', route: '#/servers/memory/tools' },
    {
      name: 'tool-review',
      route: '#/servers/calc/tools',
      async act(page) {
        await page.getByRole('table', { name: 'Description of add: approved and now' }).waitFor();
      },
    },
    { name: 'server-logs', route: '#/servers/flaky/logs' },
    {
      name: 'try-a-tool',
      route: '#/servers/everything/try',
      async act(page) {
        await page.getByLabel('Tool', { exact: true }).selectOption('echo');
        await page.getByLabel(/^message/).fill('Hello from the dashboard');
        await page.getByRole('button', { name: 'Call echo' }).click();
        await page.getByTestId('tool-result').waitFor();
      },
    },
    {
      name: 'add-server',
      route: '#/add',
      async act(page) {
        await page.getByLabel('Name', { exact: true }).fill('github');
        await page.getByLabel('Command').fill('npx');
        await page.getByLabel('Arguments').fill('-y @modelcontextprotocol/server-github');
        await page.getByRole('button', { name: 'Add variable' }).click();
        await page.getByLabel('Variable 1 name').fill('GITHUB_PERSONAL_ACCESS_TOKEN');
        await page.getByLabel('Variable 1 value').fill('ghp_example');
      },
    },
    {
      name: 'add-catalog',
      route: '#/add',
      async act(page) {
        await page.getByRole('tab', { name: 'Catalog' }).click();
        await page.getByRole('listitem', { name: /^GitHub:/ }).click();
        await page.getByRole('dialog').waitFor();
      },
    },
    {
      name: 'budgets',
      route: '#/budgets',
      async act(page) {
        await page.getByRole('switch', { name: 'Tool everything__trigger-url-elicitation' }).click();
        await page.getByTestId('budget-preview').filter({ hasText: 'With 1 change' }).waitFor();
      },
    },
    { name: 'activity', route: '#/activity' },
    {
      name: 'activity-client-filter',
      route: '#/activity?client=Cursor',
      async act(page) {
        await page.getByRole('combobox', { name: 'Client' }).filter({ hasText: 'Cursor' }).waitFor();
      },
    },
    { name: 'clients', route: '#/clients' },
    {
      name: 'client-tokens',
      route: '#/clients',
      async act(page) {
        const card = page.getByRole('region', { name: 'Client tokens' });
        await card.getByRole('table', { name: 'Client tokens' }).waitFor();
        // One shot per colour scheme against the same gateway, and token names are unique.
        await card.getByRole('textbox', { name: 'Client name' }).fill(`ci-agent-${++tokenShots}`);
        await card.getByRole('button', { name: 'Create token' }).click();
        await card.getByTestId('new-token').waitFor();
        await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      },
      // The card sits below the clients: show it, not the top of the view.
      keepScroll: true,
    },
    {
      name: 'profile-editor',
      route: '#/clients',
      async act(page) {
        await page
          .getByRole('table', { name: 'Profiles' })
          .getByRole('button', { name: 'Edit coding' })
          .click();
        const editor = page.getByRole('dialog', { name: 'Edit profile coding' });
        await editor
          .getByRole('textbox', { name: 'Allow tools' })
          .fill('everything__get*\neverything__echo\neverything__add*');
        await editor
          .getByTestId('profile-cost')
          .filter({ hasText: /^\d+ of \d+ tools/ })
          .waitFor();
        await editor.getByRole('note').first().waitFor();
      },
    },
    {
      name: 'clients-wizard',
      route: '#/clients',
      async act(page) {
        const wizard = page.getByRole('dialog', { name: 'Set up your AI clients' });
        await page.getByRole('button', { name: 'Set up clients…' }).click();
        // This gateway already runs a "memory": the one from Cursor gets its own name.
        await wizard.getByRole('textbox', { name: 'Name in the gateway for memory' }).fill('memory-cursor');
        await wizard.getByRole('button', { name: /^Next: import/ }).click();
        await wizard.getByRole('checkbox', { name: /Remove the imported servers/ }).check();
        await wizard.getByRole('button', { name: 'Preview changes' }).click();
        await wizard.getByTestId('file-diff').first().locator('[data-kind="add"]').first().waitFor();
      },
    },
    {
      name: 'command-palette',
      route: '#/servers',
      async act(page) {
        await page.keyboard.press('Control+k');
        await page.getByRole('combobox', { name: 'Command' }).fill('flaky');
      },
    },
    { name: 'settings', route: '#/settings' },
    {
      // A server put to sleep from its page: what it frees, why it sleeps, the Wake button.
      name: 'sleeping-server',
      route: '#/servers/memory',
      async act(page) {
        await page.getByRole('region', { name: 'Status' }).getByRole('button', { name: 'Sleep now' }).click();
        await page.getByRole('heading', { level: 1 }).locator('[data-state="sleeping"]').waitFor();
        await page.getByTestId('memory').waitFor();
      },
      after: wakeMemory,
    },
    {
      name: 'sleeping-overview',
      route: '#/',
      async act(page) {
        await gw.api('POST', '/servers/memory/sleep');
        await page.getByTestId('memory-saved').waitFor();
      },
      after: wakeMemory,
    },
    {
      // A server from a cloned repository's .mcp.json, imported but waiting for the person's approval.
      name: 'needs-approval',
      route: '#/servers',
      async act(page) {
        const project = '/home/you/src/cloned-repo';
        await gw.api('POST', '/servers', {
          name: 'repo-tool',
          config: {
            command: 'npx',
            args: ['-y', 'repo-tool-mcp', '--api-key', '${REPO_TOOL_KEY}'],
            origin: { client: 'claude-code', scope: 'project', project, file: `${project}/.mcp.json` },
          },
        });
        await page.evaluate(() => (globalThis.location.hash = '#/servers/repo-tool'));
        await page.getByRole('alert', { name: 'Waiting for approval' }).waitFor();
      },
      async after() {
        await gw.api('DELETE', '/servers/repo-tool');
      },
    },
  ];
  /** Shots that put memory to sleep wake it again, so the others show it as it was. */
  async function wakeMemory() {
    await gw.api('POST', '/servers/memory/wake');
    await eventually(async () => (await gw.api('GET', '/servers/memory')).state === 'running', {
      message: 'memory awake',
    });
  }
  const compact = [
    { name: 'compact-overview', route: '#/' },
    { name: 'compact-servers', route: '#/servers' },
    { name: 'compact-server-detail', route: '#/servers/everything' },
  ];

  for (const scheme of ['light', 'dark']) {
    for (const [list, viewport] of [
      [shots, { width: 1280, height: 820 }],
      [compact, { width: 400, height: 600 }],
    ]) {
      for (const s of list.filter(
        (x) => process.env.SHOTS === undefined || x.name.includes(process.env.SHOTS),
      )) {
        const { page, context } = await openDashboard(browser, gw, { viewport, colorScheme: scheme });
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.evaluate((r) => (globalThis.location.hash = r), s.route);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await sleep(600);
        if (s.act !== undefined) {
          await s.act(page);
        }
        // Let charts and virtual lists settle; show each view from its top.
        await page.mouse.move(0, viewport.height - 1);
        if (s.keepScroll !== true) {
          await page.evaluate(() => globalThis.document.getElementById('content')?.scrollTo(0, 0));
        }
        await sleep(500);
        const file = path.join(out, `${s.name}-${scheme}.png`);
        await page.screenshot({ path: file });
        console.log(`wrote ${path.relative(ROOT, file)}`);
        await context.close();
        await s.after?.();
      }
    }
  }
} finally {
  await client.close().catch(() => undefined);
  await browser.close();
  await gw.dispose();
  await rm(home, { recursive: true, force: true });
}
