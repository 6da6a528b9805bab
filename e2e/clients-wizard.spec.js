import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

import { assert, eventually, ROOT, sleep } from './fixtures.js';

const node = process.execPath;
const FIXTURES = path.join(ROOT, 'test/fixtures/client-configs');
const memoryJs = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const everythingJs = path.join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const KG_TOKEN = 'tok-e2e-7f3a9c21b6d84e05';

/** Variables that would lead client detection to this machine's real files. */
const CLIENT_VARS = [
  'APPDATA',
  'LOCALAPPDATA',
  'USERPROFILE',
  'CODEX_HOME',
  'FLATPAK_XDG_CONFIG_HOME',
  'CLAUDE_CONFIG_DIR',
  'VSCODE_PORTABLE',
  'MCP_GATEWAY_URL',
];

/**
 * A home folder holding several clients' configs, as a new user's machine would: Claude Desktop
 * (a secret in env), Cursor (the project's fixture plus two servers), Zed (settings with comments),
 * Codex (TOML, with a server whose name clashes with Cursor's) and Windsurf with a broken file.
 */
async function makeHome() {
  const home = await mkdtemp(path.join(tmpdir(), 'mcpgw-e2e-clients-'));
  const files = {
    claude: path.join(home, '.config/Claude/claude_desktop_config.json'),
    cursor: path.join(home, '.cursor/mcp.json'),
    zed: path.join(home, '.config/zed/settings.json'),
    codex: path.join(home, '.codex/config.toml'),
    windsurf: path.join(home, '.codeium/windsurf/mcp_config.json'),
  };
  for (const f of Object.values(files)) {
    await mkdir(path.dirname(f), { recursive: true });
  }
  const kg = {
    command: node,
    args: [memoryJs],
    env: { MEMORY_FILE_PATH: path.join(home, 'kg.jsonl'), API_TOKEN: KG_TOKEN },
  };
  const claude = JSON.parse(
    await readFile(path.join(FIXTURES, 'claude-desktop/claude_desktop_config.json'), 'utf8'),
  );
  claude.mcpServers = { kg, github: claude.mcpServers.github };
  await writeFile(files.claude, JSON.stringify(claude, null, 2) + '\n');
  const cursor = JSON.parse(await readFile(path.join(FIXTURES, 'cursor/mcp.json'), 'utf8'));
  cursor.mcpServers = {
    ...cursor.mcpServers,
    kg,
    everything: { command: node, args: [everythingJs, 'stdio'] },
  };
  await writeFile(files.cursor, JSON.stringify(cursor, null, 4) + '\n');
  await copyFile(path.join(FIXTURES, 'zed/settings.json'), files.zed);
  await copyFile(path.join(FIXTURES, 'codex/config.toml'), files.codex);
  await appendFile(
    files.codex,
    `\n[mcp_servers.everything]\ncommand = ${JSON.stringify(node)}\nargs = [${JSON.stringify(everythingJs)}]\n`,
  );
  await copyFile(path.join(FIXTURES, 'claude-desktop/bad.json'), files.windsurf);
  const original = Object.fromEntries(
    await Promise.all(Object.entries(files).map(async ([k, f]) => [k, await readFile(f)])),
  );
  return { home, files, original };
}

/**
 * The real `mcp-gateway serve` as its own process, whose environment has the fake home: HOME and
 * XDG_CONFIG_HOME decide where client detection looks, MCP_GATEWAY_HOME where the gateway keeps
 * its config and data. Stopped (by its pid) in dispose().
 */
async function startGatewayProcess(home) {
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    MCP_GATEWAY_HOME: path.join(home, 'gateway'),
  };
  for (const k of CLIENT_VARS) {
    delete env[k];
  }
  // No OS keychain in a headless test: the owner-only file store, which the config must allow.
  await mkdir(path.join(home, 'gateway'), { recursive: true });
  await writeFile(
    path.join(home, 'gateway/config.json'),
    JSON.stringify({ gateway: { secrets: { allowFileFallback: true } }, mcpServers: {} }, null, 2),
  );
  const child = spawn(node, [path.join(ROOT, 'bin/mcp-gateway.js'), 'serve', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((r) => child.once('exit', r));
  const dataDir = path.join(home, 'gateway/data');
  const info = await eventually(
    async () => JSON.parse(await readFile(path.join(dataDir, 'gateway.json'), 'utf8')),
    {
      message: `the gateway to start (output: ${output.slice(-400)})`,
    },
  );
  const token = (await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim();
  const url = info.url.replace(/\/$/, '');
  async function api(method, route, body) {
    const res = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) {
      throw new Error(`${method} ${route} → ${res.status} ${text}`);
    }
    return text ? JSON.parse(text) : undefined;
  }
  return {
    url,
    token,
    api,
    output: () => output,
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

/** The wizard as a person sees it: a dialog with steps and buttons. */
export class ClientsWizardPage {
  constructor(page) {
    this.page = page;
    this.dialog = page.getByRole('dialog', { name: 'Set up your AI clients' });
  }
  async open() {
    await this.page.evaluate(() => (globalThis.location.hash = '#/clients'));
    await this.page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
    await this.page.getByRole('button', { name: 'Set up clients…' }).click();
    await this.dialog.waitFor();
  }
  step(name) {
    return this.dialog.getByRole('heading', { level: 3 }).filter({ hasText: name });
  }
  servers() {
    return this.dialog.getByRole('table', { name: 'Servers found in your clients' });
  }
  button(name) {
    return this.dialog.getByRole('button', { name, exact: true });
  }
}

/** Sets up the fake home and a gateway process on it; returns them with a cleanup. */
async function withClientsGateway() {
  const setup = await makeHome();
  let gw;
  try {
    gw = await startGatewayProcess(setup.home);
  } catch (err) {
    await rm(setup.home, { recursive: true, force: true });
    throw err;
  }
  const extra = [];
  return {
    ...setup,
    gw,
    onDispose(fn) {
      extra.push(fn);
    },
    async dispose() {
      for (const fn of extra) {
        await Promise.resolve(fn()).catch(() => undefined);
      }
      await gw.dispose();
      // The servers the gateway started may still be closing their files.
      await sleep(100);
      await rm(setup.home, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

export const tests = [
  {
    name: 'clients wizard: scan, choose servers (conflict renamed), preview diffs, apply, check files and API, restore a client',
    timeout: 120_000,
    async run(t) {
      const env = await withClientsGateway();
      const { gw, files, original } = env;
      try {
        const { page } = await t.dashboard(gw);
        const wizard = new ClientsWizardPage(page);
        await wizard.open();

        // Step 2: what was found, merged and checked.
        await wizard.step('Choose the servers').waitFor();
        const table = wizard.servers();
        await table
          .getByRole('row')
          .filter({ hasText: 'same in 2 places' })
          .filter({ hasText: 'Claude Desktop, Cursor' })
          .waitFor();
        const broken = wizard.dialog.getByRole('note').filter({ hasText: 'mcp_config.json cannot be read' });
        await broken.filter({ hasText: 'line 5' }).waitFor();
        const github = table.getByRole('row').filter({ has: page.getByRole('textbox', { name: /github/ }) });
        await github.getByText('GITHUB_PERSONAL_ACCESS_TOKEN', { exact: true }).waitFor();
        assert(
          (await github.getByLabel('secret', { exact: true }).count()) === 1,
          'the token is marked as a secret',
        );
        assert(!(await wizard.dialog.textContent()).includes('ghp_ABCDEF'), 'secret values are never shown');
        assert(
          (await table.getByText('conflict: differs between clients').count()) === 2,
          'the two "everything" servers are shown as a conflict',
        );

        // Import only local, runnable servers: kg and both "everything" servers.
        const all = table.getByRole('checkbox', { name: 'Choose all servers' });
        await all.check();
        await all.uncheck();
        assert(!(await table.getByRole('checkbox', { name: 'Import kg' }).isChecked()), 'none chosen');
        await table.getByRole('checkbox', { name: 'Import kg' }).check();
        await table.getByRole('checkbox', { name: 'Import everything (from Cursor)' }).check();
        await table.getByRole('checkbox', { name: 'Import everything-codex (from Codex CLI)' }).check();
        // kg's API_TOKEN goes to the secret store: its value is pasted once (it is never shown).
        const kgRow = table
          .getByRole('row')
          .filter({ has: page.getByRole('textbox', { name: 'Name in the gateway for kg' }) });
        await kgRow.getByRole('checkbox', { name: 'Keep API_TOKEN of kg in the secret store' }).check();
        await wizard.dialog.getByText('Paste the value of API_TOKEN').waitFor();
        await kgRow.getByLabel('Value of API_TOKEN for kg').fill(KG_TOKEN);
        // Renaming Codex's variant to the same name as Cursor's is refused until it is unique.
        const codexName = table.getByRole('textbox', {
          name: 'Name in the gateway for everything-codex from Codex CLI',
        });
        await codexName.fill('everything');
        await wizard.dialog.getByText('Two chosen servers are both named "everything"').waitFor();
        assert(await wizard.button('Next: import 3').isDisabled(), 'a name clash blocks the next step');
        await codexName.fill('everything-2');
        await wizard.button('Next: import 3').click();

        // Step 3: clients. Windsurf's file is broken, so it cannot be chosen.
        await wizard.step('Choose the clients').waitFor();
        const clientList = wizard.dialog.getByRole('list', { name: 'Clients to connect' });
        assert(
          await clientList.getByRole('checkbox', { name: /Windsurf/ }).isDisabled(),
          'a client with a broken file cannot be chosen',
        );
        for (const name of ['Claude Desktop', 'Cursor', 'Zed', 'Codex CLI']) {
          assert(
            await clientList.getByRole('checkbox', { name: new RegExp(name) }).isChecked(),
            `${name} is chosen by default`,
          );
        }
        await wizard.dialog.getByRole('checkbox', { name: /Remove the imported servers/ }).check();
        await wizard.button('Preview changes').click();

        // Step 4: one diff per file; nothing written yet.
        await wizard.step('Review the changes').waitFor();
        const cursorDiff = wizard.dialog.getByRole('figure', { name: `Changes to ${files.cursor}` });
        await cursorDiff
          .locator('[data-kind="add"]')
          .filter({ hasText: `${gw.url}/mcp` })
          .waitFor();
        await cursorDiff.locator('[data-kind="del"]').filter({ hasText: '"kg"' }).waitFor();
        await wizard.dialog
          .getByRole('figure', { name: `Changes to ${files.zed}` })
          .locator('[data-kind="add"]')
          .first()
          .waitFor();
        await wizard.dialog
          .getByRole('figure', { name: `Changes to ${files.codex}` })
          .locator('[data-kind="add"]')
          .first()
          .waitFor();
        await wizard.dialog
          .getByRole('figure', { name: `Changes to ${files.claude}` })
          .locator('[data-kind="add"]')
          .first()
          .waitFor();
        for (const [k, f] of Object.entries(files)) {
          assert((await readFile(f)).equals(original[k]), `the preview writes nothing (${k})`);
        }

        // Step 5: apply.
        await wizard.button('Apply').click();
        await wizard.step('Applying').waitFor();
        const results = wizard.dialog.getByRole('list', { name: 'Results' });
        await results.getByText('Imported kg, everything, everything-2').waitFor();
        await results
          .getByText('Kept in the secret store: API_TOKEN of kg (as ${secret:kg-API_TOKEN})')
          .waitFor();
        for (const name of ['Claude Desktop', 'Cursor', 'Zed', 'Codex CLI']) {
          await results.getByText(`${name} now uses the gateway`).waitFor();
        }
        await results
          .getByText('Quit Claude Desktop completely', { exact: false })
          .or(results.getByText(/restart/i).first())
          .first()
          .waitFor();
        // Cursor restarts and connects: its MCP handshake names it, so the status says it was seen.
        // Each client's file carries its own client token (the stdio bridge reads it from a file).
        const cursorText = (await readFile(files.cursor, 'utf8')).toString();
        const cursorAuth = /"Authorization":\s*"(Bearer mcpgw_[A-Za-z0-9_-]+)"/.exec(cursorText)?.[1];
        assert(cursorAuth !== undefined, `Cursor's file holds its token header:\n${cursorText}`);
        assert(
          /Bearer mcpgw_/.test((await readFile(files.zed, 'utf8')).toString()),
          "Zed's file holds its token header",
        );
        assert(
          /Bearer mcpgw_/.test((await readFile(files.codex, 'utf8')).toString()),
          "Codex's file holds its token header",
        );
        assert(
          /--token-file/.test((await readFile(files.claude, 'utf8')).toString()),
          'Claude Desktop runs the bridge with a token file',
        );
        const tokens = (await gw.api('GET', '/tokens')).tokens.map((x) => x.name);
        assert(tokens.length >= 4, `one token per connected client (got ${tokens.join(', ')})`);
        const cursorClient = new Client({ name: 'cursor-vscode', version: '1.7.0' });
        await cursorClient.connect(
          new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp`), {
            requestInit: { headers: { authorization: cursorAuth } },
          }),
        );
        env.onDispose(() => cursorClient.close());
        await wizard.button('Next').click();

        // Step 6: status per client.
        await wizard.step('Your clients').waitFor();
        const status = wizard.dialog.getByRole('list', { name: 'Client status' });
        for (const name of ['Claude Desktop', 'Cursor', 'Zed', 'Codex CLI']) {
          await status.getByRole('listitem', { name }).getByText('Uses the gateway').waitFor();
        }
        await status.getByRole('listitem', { name: 'Windsurf' }).getByText('Not connected').waitFor();
        await status.getByRole('listitem', { name: 'Cursor' }).getByText('seen connecting').waitFor();
        await status.getByRole('listitem', { name: 'Zed' }).getByText('not seen yet').waitFor();

        // On disk.
        const cursorNow = JSON.parse(await readFile(files.cursor, 'utf8'));
        assert(cursorNow.mcpServers['mcp-gateway']?.url === `${gw.url}/mcp`, 'Cursor has the gateway entry');
        assert(
          cursorNow.mcpServers.kg === undefined && cursorNow.mcpServers.everything === undefined,
          'imported servers left Cursor',
        );
        assert(cursorNow.mcpServers['server-00'] !== undefined, 'servers not imported stay in Cursor');
        const zedNow = await readFile(files.zed, 'utf8');
        assert(
          zedNow.includes('// Zed settings') && zedNow.includes('// early-2025 shape'),
          'Zed kept its comments',
        );
        assert(zedNow.includes('mcp-gateway'), 'Zed has the gateway entry');
        const codexNow = await readFile(files.codex, 'utf8');
        assert(
          codexNow.includes('# remote server') && codexNow.includes('[mcp_servers.mcp-gateway]'),
          'Codex kept its comments and got the entry',
        );
        assert(
          (await readFile(files.windsurf)).equals(original.windsurf),
          'the unparseable file is byte-identical',
        );
        const claudeNow = JSON.parse(await readFile(files.claude, 'utf8'));
        assert(
          claudeNow.preferences?.sidebarMode === 'task' && claudeNow.mcpServers.github !== undefined,
          'Claude Desktop kept its other keys and servers',
        );
        assert(
          Array.isArray(claudeNow.mcpServers['mcp-gateway']?.args),
          'Claude Desktop reaches the gateway through the stdio bridge',
        );

        // Through the API.
        const { servers } = await gw.api('GET', '/servers');
        for (const name of ['kg', 'everything', 'everything-2']) {
          assert(
            servers.some((s) => s.name === name),
            `${name} is in the gateway`,
          );
        }
        const gatewayConfig = await readFile(path.join(env.home, 'gateway/config.json'), 'utf8');
        assert(
          JSON.parse(gatewayConfig).mcpServers.kg.env.API_TOKEN === '${secret:kg-API_TOKEN}',
          'kg refers to the stored secret',
        );
        assert(!gatewayConfig.includes(KG_TOKEN), 'the token is not in the gateway config');
        assert((await gw.api('GET', '/secrets')).names.includes('kg-API_TOKEN'), 'the secret is stored');
        // The ${secret:…} reference the wizard wrote is approved with it: kg runs, nothing waits.
        await eventually(async () => (await gw.api('GET', '/servers/kg')).state === 'running', {
          message: 'kg running',
        });
        const listed = await gw.api('GET', '/clients');
        assert(
          listed.clients.find((c) => c.id === 'cursor')?.connected === true,
          'the API says Cursor is connected',
        );

        // Close, then restore Cursor from the client list: the original bytes come back.
        await wizard.button('Finish').click();
        await wizard.dialog.waitFor({ state: 'hidden' });
        const cursorItem = page.getByRole('listitem', { name: 'Cursor' });
        await cursorItem.getByText('Uses the gateway').waitFor();
        await cursorItem.getByRole('button', { name: 'Restore original' }).click();
        const confirm = page.getByRole('dialog', { name: 'Restore Cursor’s original config?' });
        await confirm.getByRole('button', { name: 'Restore' }).click();
        await eventually(async () => (await readFile(files.cursor)).equals(original.cursor), {
          message: 'Cursor file byte-identical to the original',
        });
        await cursorItem.getByText('Not connected').waitFor();

        // The backups list shows what is left, and restore all brings back every file.
        const backups = page.getByRole('table', { name: 'Backups' });
        await backups
          .getByRole('row')
          .filter({ hasText: files.zed })
          .getByText('gateway change in force')
          .waitFor();
        await page.getByRole('button', { name: 'Restore all' }).click();
        await page
          .getByRole('dialog', { name: 'Restore every client’s original config?' })
          .getByRole('button', { name: /^Restore \d+ file/ })
          .click();
        for (const [k, f] of Object.entries(files)) {
          await eventually(async () => (await readFile(f)).equals(original[k]), {
            message: `${k} byte-identical after restore all`,
          });
        }
        await page.getByRole('button', { name: 'Restore all' }).waitFor({ state: 'hidden' });
      } finally {
        await env.dispose();
      }
    },
  },
  {
    name: 'clients wizard: a file broken after the preview is reported in words (line, nothing written) with a retry; palette and keyboard only, tray-sized window',
    timeout: 90_000,
    async run(t) {
      const env = await withClientsGateway();
      const { gw, files } = env;
      try {
        const { page } = await t.dashboard(gw, { viewport: { width: 420, height: 640 } });
        const wizard = new ClientsWizardPage(page);
        // From anywhere: the command palette opens the wizard.
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page.keyboard.press('Control+k');
        await page.getByRole('combobox', { name: 'Command' }).fill('set up AI clients');
        await page.keyboard.press('Enter');
        await wizard.dialog.waitFor();
        await wizard.step('Choose the servers').waitFor();
        // Keyboard: the step heading has focus; Tab reaches the checkboxes, Space toggles.
        await wizard.servers().getByRole('checkbox', { name: 'Choose all servers' }).focus();
        // Partly chosen (a conflict's second variant is not): the first Space chooses all, the second none.
        await page.keyboard.press('Space');
        assert(
          await wizard
            .servers()
            .getByRole('checkbox', { name: 'Import everything-codex (from Codex CLI)' })
            .isChecked(),
          'Space chooses all',
        );
        await page.keyboard.press('Space');
        assert(
          !(await wizard.servers().getByRole('checkbox', { name: 'Import kg' }).isChecked()),
          'Space again chooses none',
        );
        await wizard.button('Skip import').focus();
        await page.keyboard.press('Enter');
        await wizard.step('Choose the clients').waitFor();
        const list = wizard.dialog.getByRole('list', { name: 'Clients to connect' });
        for (const name of ['Claude Desktop', 'Zed', 'Codex CLI']) {
          await list.getByRole('checkbox', { name: new RegExp(name) }).uncheck();
        }
        await wizard.button('Preview changes').click();
        await wizard.step('Review the changes').waitFor();
        await wizard.dialog.getByRole('figure', { name: `Changes to ${files.cursor}` }).waitFor();
        // The user edits Cursor's file by hand after the preview: the wizard must not overwrite it
        // blindly. The engine re-plans from the new file; a file it cannot read fails in words.
        await writeFile(files.cursor, '{ "mcpServers": { broken\n');
        await wizard.button('Apply').focus();
        await page.keyboard.press('Enter');
        const result = wizard.dialog.getByRole('listitem', { name: 'Cursor' });
        await result.getByText('Cursor was not connected').waitFor();
        await result.getByText("Cursor's config file cannot be read: nothing was written").waitFor();
        await result.getByText(/line 1/).waitFor();
        assert(
          (await readFile(files.cursor, 'utf8')) === '{ "mcpServers": { broken\n',
          'the broken file was not touched',
        );
        // Fix the file, then retry from the same place.
        await writeFile(files.cursor, '{ "mcpServers": {} }\n');
        await result.getByRole('button', { name: 'Try again' }).click();
        await result.getByText('Cursor now uses the gateway').waitFor();
        assert(
          JSON.parse(await readFile(files.cursor, 'utf8')).mcpServers['mcp-gateway'].url === `${gw.url}/mcp`,
          'the retry wrote the entry',
        );
        // Escape closes the wizard; the client list behind it is up to date.
        await page.keyboard.press('Escape');
        await wizard.dialog.waitFor({ state: 'hidden' });
        await page.getByRole('listitem', { name: 'Cursor' }).getByText('Uses the gateway').waitFor();
        assert(
          (await page.evaluate(() => globalThis.location.hash)) === '#/clients',
          'the set-up link is left behind',
        );
      } finally {
        await env.dispose();
      }
    },
  },
  {
    name: "clients wizard: a cloned project's .mcp.json server is shown with its project, unticked, waits for approval after import, and runs once approved on its page",
    timeout: 120_000,
    async run(t) {
      const env = await withClientsGateway();
      const { gw, home } = env;
      try {
        // Claude Code knows a project whose repository brings its own .mcp.json.
        const project = path.join(home, 'src/cloned-repo');
        const marker = path.join(home, 'repo-tool-ran.txt');
        const touch = path.join(ROOT, 'test/fixtures/servers/touch-marker.mjs');
        await mkdir(project, { recursive: true });
        await writeFile(
          path.join(home, '.claude.json'),
          JSON.stringify({ projects: { [project]: { mcpServers: {} } } }),
        );
        await writeFile(
          path.join(project, '.mcp.json'),
          JSON.stringify({
            mcpServers: {
              'repo-tool': { command: node, args: [touch, marker], env: { REPO_HOME: '${HOME}' } },
            },
          }),
        );

        const { page } = await t.dashboard(gw);
        const wizard = new ClientsWizardPage(page);
        await wizard.open();
        await wizard.step('Choose the servers').waitFor();
        const table = wizard.servers();
        const row = table
          .getByRole('row')
          .filter({ has: page.getByRole('textbox', { name: 'Name in the gateway for repo-tool' }) });
        await row.getByTestId('project-scope').filter({ hasText: project }).waitFor();
        await row.getByText("Only in a project's file").waitFor();
        await row.getByTestId('wanted-variables').filter({ hasText: '${HOME}' }).waitFor();
        const pick = table.getByRole('checkbox', { name: 'Import repo-tool' });
        assert(!(await pick.isChecked()), 'a project-file server is not chosen by default');
        assert(
          await table.getByRole('checkbox', { name: 'Import kg' }).isChecked(),
          "servers from clients' own settings are",
        );
        // "Choose all" leaves it alone too: it is chosen one by one.
        const all = table.getByRole('checkbox', { name: 'Choose all servers' });
        await all.uncheck();
        await all.check();
        assert(!(await pick.isChecked()), '"Choose all" does not choose project-file servers');
        await all.uncheck();
        await pick.check();
        await wizard.button('Next: import 1').click();
        await wizard.step('Choose the clients').waitFor();
        for (const box of await wizard.dialog
          .getByRole('list', { name: 'Clients to connect' })
          .getByRole('checkbox')
          .all()) {
          if (!(await box.isDisabled())) {
            await box.uncheck();
          }
        }
        await wizard.button('Preview changes').click();
        await wizard.step('Review the changes').waitFor();
        await wizard.button('Apply').click();
        const results = wizard.dialog.getByRole('list', { name: 'Results' });
        await results.getByText('Imported repo-tool').waitFor();
        await results.getByTestId('import-pending').filter({ hasText: 'repo-tool' }).waitFor();
        const waiting = await eventually(
          async () => {
            const s = await gw.api('GET', '/servers/repo-tool');
            return s.state === 'needs-approval' ? s : undefined;
          },
          { message: 'repo-tool waiting for approval' },
        );
        assert(
          waiting.origin?.scope === 'project' && waiting.origin?.project === project,
          'the API reports the scope and project',
        );
        await sleep(300);
        assert(!existsSync(marker), 'nothing from the project ran before approval');

        // Its page says where it came from and exactly what it runs; one button approves that.
        await page.keyboard.press('Escape');
        await wizard.dialog.waitFor({ state: 'hidden' });
        await page.evaluate(() => (globalThis.location.hash = '#/servers/repo-tool'));
        const callout = page.getByRole('alert', { name: 'Waiting for approval' });
        await callout.getByTestId('approval-project').filter({ hasText: project }).waitFor();
        await callout.getByTestId('approval-runs').filter({ hasText: 'touch-marker.mjs' }).waitFor();
        await callout.getByTestId('approval-variables').filter({ hasText: '${HOME}' }).waitFor();
        await callout.getByRole('button', { name: 'Approve and start' }).click();
        await eventually(async () => existsSync(marker) || undefined, { message: 'the approved server ran' });
        await callout.waitFor({ state: 'hidden' });
        const approved = JSON.parse(await readFile(path.join(home, 'gateway/config.json'), 'utf8'))
          .mcpServers['repo-tool'];
        assert(approved.origin?.approved === true, 'the approval is kept in the config');
        assert(
          JSON.stringify(approved.origin?.variables) === '["HOME"]',
          'with the variables that were shown',
        );
        assert(approved.env.REPO_HOME === '${HOME}', 'the config keeps the reference, not its value');
      } finally {
        await env.dispose();
      }
    },
  },
];
