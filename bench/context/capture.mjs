// Launch every benchmark server over stdio with the v2 Client, list its tools and save the
// corpus to bench/context/corpus.json. Installs nothing; needs only node_modules.
//   node bench/context/capture.mjs
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

import { benchServers } from './servers.mjs';

const LIST_TIMEOUT_MS = 60_000;

async function capture(server) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: server.args,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...(server.env ?? {}) },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'context-bench', version: '1.0.0' });
  try {
    await client.connect(transport, { timeout: LIST_TIMEOUT_MS });
    const tools = [];
    let cursor;
    // Bounded pagination: no real server pages this far.
    for (let page = 0; page < 100; page++) {
      const res = await client.listTools(cursor === undefined ? {} : { cursor }, {
        timeout: LIST_TIMEOUT_MS,
      });
      tools.push(...res.tools);
      cursor = res.nextCursor;
      if (cursor === undefined) {
        break;
      }
    }
    const info = client.getServerVersion?.();
    return { name: server.name, description: server.description, serverInfo: info, tools };
  } finally {
    await client.close();
  }
}

export async function captureCorpus() {
  const { dir, servers } = benchServers();
  const out = [];
  try {
    for (const s of servers) {
      try {
        const c = await capture(s);
        console.log(`${s.name.padEnd(22)} ${String(c.tools.length).padStart(3)} tools`);
        out.push(c);
      } catch (e) {
        console.error(`${s.name}: could not list tools: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { capturedAt: new Date().toISOString(), servers: out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const corpus = await captureCorpus();
  const file = join(import.meta.dirname, 'corpus.json');
  writeFileSync(file, `${JSON.stringify(corpus, null, 1)}\n`);
  const n = corpus.servers.reduce((a, s) => a + s.tools.length, 0);
  console.log(`saved ${corpus.servers.length} servers, ${n} tools to ${file}`);
}
