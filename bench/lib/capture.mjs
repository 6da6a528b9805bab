// Lists the tools of real MCP servers over stdio (the v2 Client), for the corpora of the context
// and search benchmarks. Installs nothing; needs only node_modules.
import { rmSync, writeFileSync } from 'node:fs';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const LIST_TIMEOUT_MS = 60_000;

/**
 * Starts `server` ({ args, env? }) with this Node, lists all its tools and stops it; gives what the
 * server says about itself too.
 */
export async function listServerTools(server, { clientName, cwd, home }) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: server.args,
    ...(cwd === undefined ? {} : { cwd }),
    env: { PATH: process.env.PATH ?? '', HOME: home ?? process.env.HOME ?? '', ...(server.env ?? {}) },
    stderr: 'ignore',
  });
  const client = new Client({ name: clientName, version: '1.0.0' });
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
    return { serverInfo: client.getServerVersion?.(), instructions: client.getInstructions?.(), tools };
  } finally {
    await client.close();
  }
}

/** Captures each server in turn (one that fails is reported and left out), then removes `dir`. */
export async function captureEach(servers, dir, capture) {
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

export function saveCorpus(file, corpus) {
  writeFileSync(file, `${JSON.stringify(corpus, null, 1)}\n`);
  const n = corpus.servers.reduce((a, s) => a + s.tools.length, 0);
  console.log(`saved ${corpus.servers.length} servers, ${n} tools to ${file}`);
}
