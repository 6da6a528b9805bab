// Launch the real MCP servers of the search evaluation over stdio, list their tools and save
// what each server says about itself (name, title, description, instructions) and its tools to
// bench/search/corpus.json. Installs nothing; needs only node_modules. Servers that want an API
// key before starting get a dummy one (listing tools never calls their service); every URL a
// server could reach points at a closed port on 127.0.0.1.
//   node bench/search/capture.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { benchServers } from '../context/servers.mjs';
import { captureEach, listServerTools, saveCorpus } from '../lib/capture.mjs';
const root = join(import.meta.dirname, '..', '..');

/** The entry file of a package's (first or named) bin. */
function binOf(pkg, name) {
  const dir = join(root, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const bin =
    typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name ?? Object.keys(manifest.bin)[0]];
  return join(dir, bin);
}

/** The twelve servers of the context benchmark plus five more, all from npm. */
export function searchServers() {
  const base = benchServers();
  const closed = 'http://127.0.0.1:9';
  const extra = [
    { name: 'playwright', package: '@playwright/mcp', args: [binOf('@playwright/mcp'), '--headless'] },
    {
      name: 'firecrawl',
      package: 'firecrawl-mcp',
      args: [binOf('firecrawl-mcp')],
      env: { FIRECRAWL_API_KEY: 'fc-dummy', FIRECRAWL_API_URL: closed },
    },
    {
      name: 'sentry',
      package: '@sentry/mcp-server',
      args: [binOf('@sentry/mcp-server'), '--access-token=dummy', `--host=127.0.0.1:9`],
      env: { SENTRY_ACCESS_TOKEN: 'dummy' },
    },
    {
      name: 'chrome-devtools',
      package: 'chrome-devtools-mcp',
      args: [binOf('chrome-devtools-mcp'), '--headless', '--isolated'],
      env: { CHROME_DEVTOOLS_MCP_NO_USAGE_STATISTICS: '1' },
    },
    {
      name: 'desktop-commander',
      package: '@wonderwhy-er/desktop-commander',
      args: [binOf('@wonderwhy-er/desktop-commander')],
      env: { MCP_DXT: '1' },
    },
  ];
  // The search corpus keeps only what the servers say about themselves: no hand-written
  // server descriptions, so nothing here is tuned to the requests.
  const servers = [...base.servers, ...extra].map(({ description: _d, ...s }) => s);
  return { dir: base.dir, servers };
}

async function capture(server, dir) {
  const { serverInfo, instructions, tools } = await listServerTools(server, {
    clientName: 'search-bench',
    cwd: dir,
    home: dir,
  });
  return {
    name: server.name,
    ...(server.package !== undefined ? { package: server.package } : {}),
    serverInfo,
    ...(instructions !== undefined ? { instructions } : {}),
    tools,
  };
}

export async function captureSearchCorpus() {
  const { dir, servers } = searchServers();
  return captureEach(servers, dir, (s) => capture(s, dir));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  saveCorpus(join(import.meta.dirname, 'corpus.json'), await captureSearchCorpus());
}
