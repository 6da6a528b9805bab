/** Page objects: what a person sees and does, by role and label. */
import { eventually } from './fixtures.js';

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class App {
  constructor(page) {
    this.page = page;
  }
  /** Click an item of the main navigation (sidebar, or the bottom bar in the compact layout). */
  async nav(label) {
    const nav = this.page.getByRole('navigation', { name: /^Main/ }).filter({ visible: true });
    await nav.getByRole('link', { name: label, exact: false }).first().click();
    await this.page.getByRole('heading', { level: 1 }).first().waitFor();
  }
  heading() {
    return this.page.getByRole('heading', { level: 1 });
  }
  banner() {
    return this.page.getByRole('status').filter({ hasText: /gateway/ });
  }
  toast(text) {
    return this.page.locator('.toast').filter({ hasText: text });
  }
}

export class ServersPage {
  constructor(page) {
    this.page = page;
  }
  async open() {
    await this.page.evaluate(() => (globalThis.location.hash = '#/servers'));
    await this.page.getByRole('heading', { name: 'Servers', level: 1 }).waitFor();
  }
  row(name) {
    return this.page.getByRole('listitem', { name: new RegExp(`^${esc(name)}, `) });
  }
  /** Wait until the row shows `state` (the engine's state name). */
  async waitForState(name, state, timeout = 30_000) {
    await this.page.getByRole('listitem', { name: `${name}, ${state}` }).waitFor({ timeout });
  }
  toggle(name) {
    return this.row(name).getByRole('switch');
  }
  async menu(name, item) {
    await this.row(name)
      .getByRole('button', { name: `More actions for ${name}` })
      .click();
    await this.page.getByRole('menuitem', { name: item }).click();
  }
}

export class AddServerPage {
  constructor(page) {
    this.page = page;
  }
  async open() {
    await this.page.evaluate(() => (globalThis.location.hash = '#/add'));
    await this.page.getByRole('heading', { name: 'Add a server' }).waitFor();
  }
  async fillStdio({ name, command, args, env = {} }) {
    await this.page.getByRole('tab', { name: 'Form' }).click();
    await this.page.getByLabel('Name', { exact: true }).fill(name);
    await this.page.getByRole('radio', { name: 'Local command' }).click();
    await this.page.getByLabel('Command').fill(command);
    await this.page.getByLabel('Arguments').fill(args);
    let i = 0;
    for (const [k, v] of Object.entries(env)) {
      await this.page.getByRole('button', { name: 'Add variable' }).click();
      await this.page.getByLabel(`Variable ${i + 1} name`).fill(k);
      await this.page.getByLabel(`Variable ${i + 1} value`).fill(v);
      i++;
    }
  }
  async submit() {
    await this.page
      .getByRole('button', { name: 'Add server', exact: true })
      .filter({ visible: true })
      .last()
      .click();
  }
  async paste(text) {
    await this.page.getByRole('tab', { name: 'Paste' }).click();
    await this.page.getByLabel('JSON snippet or command line').fill(text);
    await this.page.getByRole('button', { name: 'Read snippet' }).click();
  }
}

export class ServerDetailPage {
  constructor(page) {
    this.page = page;
  }
  async open(name, tab) {
    await this.page.evaluate(
      (h) => (globalThis.location.hash = h),
      `#/servers/${encodeURIComponent(name)}${tab ? `/${tab}` : ''}`,
    );
    await this.page.getByRole('heading', { level: 1 }).filter({ hasText: name }).waitFor();
  }
  async tab(label) {
    await this.page.getByRole('tab', { name: new RegExp(`^${esc(label)}`) }).click();
  }
  badge() {
    return this.page.getByRole('heading', { level: 1 }).locator('.badge');
  }
  logs() {
    return this.page.getByRole('log');
  }
  history() {
    return this.page.getByRole('list', { name: 'State history' }).filter({ visible: true });
  }
  async callTool(tool, fields) {
    await this.tab('Try a tool');
    await this.page.getByLabel('Tool', { exact: true }).selectOption(tool);
    for (const [k, v] of Object.entries(fields)) {
      await this.page
        .getByLabel(new RegExp(`^${esc(k)}`))
        .first()
        .fill(v);
    }
    await this.page.getByRole('button', { name: `Call ${tool}` }).click();
    return this.page.getByTestId('tool-result');
  }
}

/** The held-back tools on a server's Tools tab: side-by-side diffs, findings, approve and reject. */
export class ToolReviewPage {
  constructor(page) {
    this.page = page;
  }
  region() {
    return this.page.getByRole('region', { name: 'Tools waiting for review' });
  }
  card(tool) {
    return this.page.getByRole('article', { name: `Review ${tool}` });
  }
  descriptionDiff(tool) {
    return this.card(tool).getByRole('table', { name: `Description of ${tool}: approved and now` });
  }
  schemaDiff(tool) {
    return this.card(tool).getByRole('table', { name: `Schema of ${tool}: approved and now` });
  }
  findings(tool) {
    return this.card(tool).getByRole('list', { name: 'Scanner findings' });
  }
  async approve(tool) {
    await this.card(tool).getByRole('button', { name: 'Approve' }).click();
  }
  async reject(tool) {
    await this.card(tool).getByRole('button', { name: 'Reject' }).click();
  }
}

export class BudgetsPage {
  constructor(page) {
    this.page = page;
  }
  async open() {
    await this.page.evaluate(() => (globalThis.location.hash = '#/budgets'));
    await this.page.getByRole('heading', { name: 'Budgets', level: 1 }).waitFor();
  }
  async total() {
    const t = await this.page.getByTestId('budget-total').textContent();
    return Number((t ?? '').replace(/[^\d.k]/g, '').replace(/k$/, '')) * (/k$/.test(t ?? '') ? 1000 : 1);
  }
  toolSwitch(id) {
    return this.page.getByRole('switch', { name: `Tool ${id}` });
  }
  preview() {
    return this.page.getByTestId('budget-preview');
  }
}

export async function waitText(locator, re, timeout = 20_000) {
  return eventually(async () => re.test((await locator.textContent()) ?? ''), {
    timeout,
    message: `text ${re}`,
  });
}
