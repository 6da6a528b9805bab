import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client, type Tool } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

/** The official example servers installed in node_modules, launched as real child processes. */
export const REAL_SERVERS = {
  everything: ['node_modules/@modelcontextprotocol/server-everything/dist/index.js', 'stdio'],
  memory: ['node_modules/@modelcontextprotocol/server-memory/dist/index.js'],
  filesystem: ['node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'],
} as const;

export interface RealServer {
  client: Client;
  tools: Tool[];
  close(): Promise<void>;
}

/** Start one example server over stdio and list its tools. The caller closes it. */
export async function startRealServer(name: keyof typeof REAL_SERVERS): Promise<RealServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ctx-test-'));
  const args: string[] = [...REAL_SERVERS[name]];
  if (name === 'filesystem') {
    args.push(dir);
  }
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    env: { PATH: process.env['PATH'] ?? '', MEMORY_FILE_PATH: join(dir, 'memory.jsonl') },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'context-test', version: '1.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  return {
    client,
    tools,
    async close() {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
