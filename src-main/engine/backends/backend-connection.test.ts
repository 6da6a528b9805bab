import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';

import { makeConnection } from './backend-connection.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) {
    await close();
  }
});

async function linked(era: 'legacy' | 'modern' = 'legacy') {
  const mcp = new McpServer({ name: 'notes', version: '2.5.0' }, { instructions: 'Use it for notes.' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await mcp.connect(serverSide);
  const client = new Client({ name: 'gateway', version: '1.0.0' });
  await client.connect(clientSide);
  closers.push(() => mcp.close());
  const lines: string[] = [];
  const conn = makeConnection('notes', 'http', client, clientSide, era, (_s, line) => lines.push(line));
  closers.push(() => conn.close());
  return { mcp, client, conn, lines };
}

describe('backend connection', () => {
  it('carries what the server said at the handshake', async () => {
    const { conn } = await linked();
    expect(conn).toMatchObject({
      server: 'notes',
      transport: 'http',
      era: 'legacy',
      serverInfo: { name: 'notes', version: '2.5.0' },
      instructions: 'Use it for notes.',
      protocolWarnings: [],
      pid: undefined,
    });
    expect(conn.direct).toBeUndefined();
    expect(conn.protocolVersion).toEqual(expect.any(String));
  });

  it('ends with the reason: the server went away, or the gateway stopped it (once)', async () => {
    const gone = await linked();
    await gone.mcp.close();
    await expect(gone.conn.closed).resolves.toEqual({ reason: 'connection closed' });

    const stopped = await linked();
    await Promise.all([stopped.conn.close(), stopped.conn.close()]);
    await expect(stopped.conn.closed).resolves.toEqual({ reason: 'stopped by the gateway' });
  });

  it('logs connection errors in the server’s log', async () => {
    const { client, lines } = await linked();
    client.onerror?.(new Error('stray reply'));
    expect(lines).toEqual(['connection error: stray reply']);
  });

  it('takes a 2026-era result without resultType as complete, with one warning', async () => {
    const { client, conn, lines } = await linked('modern');
    await client.ping();
    await client.ping();
    const warnings = conn.protocolWarnings ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('without "resultType"');
    expect(lines).toEqual([`protocol warning: ${warnings[0]}`]);
  });
});
