/**
 * Backpressure: a backend that floods a call with log notifications and a client that reads its
 * answer slowly (a raw socket on 127.0.0.1 that takes a few KB now and then). The gateway runs
 * as its own process (`mcp-gateway serve` from the compiled dist/) so its memory is measured
 * alone: its RSS must stay within a generous bound while hundreds of MB flow, the slow client
 * must be dropped with a log line saying so, and other clients keep working.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from '@modelcontextprotocol/client';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cliEnv } from '../lib/cli.js';
import { connectHttp, type Connection } from '../lib/gateway.js';
import { fixture, ROOT } from '../lib/paths.js';

const CLI = path.join(ROOT, 'dist/src-main/cli/main.js');
const ACCEPT = 'application/json, text/event-stream';
/** ~330 MB of notifications: far more than the bound below, so an unbounded buffer shows. */
const FLOOD = { count: 20_000, size: 16_384 };
const RSS_GROWTH_BOUND = 150 * 1024 * 1024;

const canRun = process.platform === 'linux' && existsSync(CLI);
if (!canRun) {
  console.log(
    `backpressure test: not run — ${process.platform !== 'linux' ? 'reads RSS from /proc (Linux only)' : 'dist/ is not built (npx tsc -b)'}`,
  );
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

let home: string;
let child: ChildProcess;
let output = '';
let url: string;
let client: Client;
let bystander: Connection | undefined;

beforeAll(async () => {
  if (!canRun) {
    return;
  }
  home = mkdtempSync(path.join(os.tmpdir(), 'mcpgw-backpressure-'));
  const configFile = path.join(home, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      gateway: { clientAuth: 'off', limits: { maxStreamBufferBytes: 1024 * 1024 } },
      mcpServers: { hostile: { command: process.execPath, args: [fixture('servers/hostile.mjs')] } },
    }),
  );
  child = spawn(
    process.execPath,
    [CLI, 'serve', '--config', configFile, '--port', '0', '--host', '127.0.0.1'],
    {
      env: cliEnv(home),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const runtime = path.join(home, 'data', 'gateway.json');
  for (let i = 0; i < 400 && !existsSync(runtime); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  url = (JSON.parse(readFileSync(runtime, 'utf8')) as { url: string }).url;
  bystander = await connectHttp(`${url}/mcp`, { name: 'bystander' });
  client = bystander.client;
  for (let i = 0; i < 200; i++) {
    if ((await client.listTools()).tools.some((t) => t.name === 'hostile__flood')) {
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}, 60_000);

afterAll(async () => {
  await bystander?.close();
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (home !== undefined) {
    rmSync(home, { recursive: true, force: true });
  }
});

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
    body: JSON.stringify(body),
  });
}

async function status(): Promise<string> {
  const r = await client.callTool({ name: 'hostile__flood_status', arguments: {} });
  return (r.content as { text: string }[])[0]?.text ?? '';
}

/**
 * Samples the gateway's RSS every 100 ms until the backend's flood ends (stopped by the gateway,
 * or complete; bounded at two minutes), then runs `stop` (ends the slow reader).
 */
async function watchFlood(
  pid: number,
  baseline: number,
  stop: () => Promise<unknown>,
): Promise<{ peak: number; state: string }> {
  let peak = baseline;
  let state = '';
  try {
    for (let i = 0; i < 1_200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      peak = Math.max(peak, rssOf(pid));
      state = await status();
      if (state.startsWith('done')) {
        break;
      }
    }
  } finally {
    await stop();
  }
  return { peak, state };
}

describe.skipIf(!canRun)('backpressure', () => {
  it('drops a client that reads a flooded answer slowly; the gateway’s memory stays bounded', async () => {
    const pid = child.pid as number;
    // A raw 2025-era session, opened as any client would.
    const init = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-03-26',
        capabilities: {},
        clientInfo: { name: 'slow-reader', version: '1' },
      },
    });
    const session = init.headers.get('mcp-session-id') ?? '';
    await init.text();
    const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-03-26' };
    expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).status).toBe(202);
    const baseline = rssOf(pid);

    // The slow reader: a call whose answer streams the flood, read 4 KB at a time, five times a second.
    const port = Number(new URL(url).port);
    const socket = net.connect(port, '127.0.0.1');
    socket.pause();
    let received = 0;
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('error', () => undefined);
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'hostile__flood', arguments: FLOOD },
    });
    socket.write(
      `POST /mcp HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\naccept: ${ACCEPT}\r\n` +
        `mcp-session-id: ${session}\r\nmcp-protocol-version: 2025-03-26\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    const reader = setInterval(() => {
      const chunk = socket.read(4096) as Buffer | null;
      received += chunk?.length ?? 0;
    }, 200);

    const { peak, state } = await watchFlood(pid, baseline, () => {
      clearInterval(reader);
      socket.destroy();
      return closed;
    });
    const growth = peak - baseline;
    console.log(
      `backpressure: gateway RSS ${Math.round(baseline / 1048576)} MB → peak ${Math.round(peak / 1048576)} MB (+${Math.round(growth / 1048576)} MB) while the backend sent ${state.split(' ')[1]} of ${FLOOD.count} notifications of ${FLOOD.size} bytes; the slow client read ${Math.round(received / 1024)} KB`,
    );
    expect(state).toMatch(/^done/);
    expect(output).toMatch(/dropped a client that is not reading its stream/);
    expect(growth).toBeLessThan(RSS_GROWTH_BOUND);
    // Everyone else is still served.
    const echo = await client.callTool({ name: 'hostile__echo', arguments: { text: 'still here' } });
    expect(echo.content).toEqual([{ type: 'text', text: 'still here' }]);
  });

  it('drops a legacy /sse client that stops reading its stream while a call floods it', async () => {
    const pid = child.pid as number;
    const baseline = rssOf(pid);
    const port = Number(new URL(url).port);
    // The stream: read until the endpoint event, then only a few KB now and then.
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.write(`GET /sse HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\naccept: text/event-stream\r\n\r\n`);
    let head = '';
    await new Promise<void>((resolve) => {
      const onData = (c: Buffer) => {
        head += c.toString();
        if (/data: (\S+)/.test(head)) {
          socket.off('data', onData);
          socket.pause();
          resolve();
        }
      };
      socket.on('data', onData);
    });
    const endpoint = /data: (\S+)/.exec(head)?.[1] ?? '';
    const message = (body: unknown) =>
      fetch(`${url}${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (
        await message({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2024-11-05',
            capabilities: {},
            clientInfo: { name: 'old-slow-reader', version: '1' },
          },
        })
      ).status,
    ).toBe(202);
    expect((await message({ jsonrpc: '2.0', method: 'notifications/initialized' })).status).toBe(202);
    await message({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'hostile__flood', arguments: FLOOD },
    });
    const reader = setInterval(() => socket.read(4096), 200);

    const { peak, state } = await watchFlood(pid, baseline, () => {
      clearInterval(reader);
      socket.destroy();
      return closed;
    });
    const growth = peak - baseline;
    console.log(
      `backpressure (/sse): gateway RSS ${Math.round(baseline / 1048576)} MB → peak ${Math.round(peak / 1048576)} MB (+${Math.round(growth / 1048576)} MB); the backend sent ${state.split(' ')[1]} of ${FLOOD.count}`,
    );
    expect(state).toMatch(/^done/);
    expect(
      output.match(/dropped a client that is not reading its stream/g)?.length ?? 0,
    ).toBeGreaterThanOrEqual(2);
    expect(growth).toBeLessThan(RSS_GROWTH_BOUND);
  });

  /** Log lines so far that say a slow client was dropped. */
  const drops = () => output.match(/dropped a client that is not reading its stream/g)?.length ?? 0;

  /** The exposed URI of the fixture's flooded resource. */
  async function floodUri(): Promise<string> {
    const { resources } = await client.listResources();
    const r = resources.find((x) => x.uri.includes('flood://updates'));
    expect(r).toBeDefined();
    return r?.uri ?? '';
  }

  /**
   * A raw request on a socket that then reads only 4 KB five times a second; the backend floods
   * resource updates meanwhile (a call by the bystander, tied to no request of the slow client).
   * Returns the RSS growth and what the backend sent.
   */
  async function floodSlowReader(request: string, label: string): Promise<{ growth: number; state: string }> {
    const pid = child.pid as number;
    const baseline = rssOf(pid);
    const port = Number(new URL(url).port);
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.write(request);
    // The response head (and the stream's first event) arrives before the flood starts.
    let head = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`no response head for the ${label} (got ${head.slice(0, 200)})`)),
        20_000,
      );
      const onData = (c: Buffer) => {
        head += c.toString();
        if (head.includes('\r\n\r\n')) {
          clearTimeout(t);
          socket.off('data', onData);
          socket.pause();
          resolve();
        }
      };
      socket.on('data', onData);
    });
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head.toLowerCase()).toContain('content-type: text/event-stream');
    const reader = setInterval(() => socket.read(4096), 200);
    const flood = client
      .callTool({ name: 'hostile__flood_updates', arguments: FLOOD }, undefined, { timeout: 600_000 })
      .catch(() => undefined);
    const { peak, state } = await watchFlood(pid, baseline, async () => {
      clearInterval(reader);
      socket.destroy();
      await closed;
      await flood;
    });
    const growth = peak - baseline;
    console.log(
      `backpressure (${label}): gateway RSS ${Math.round(baseline / 1048576)} MB → peak ${Math.round(peak / 1048576)} MB (+${Math.round(growth / 1048576)} MB); the backend sent ${state.split(' ')[1]} of ${FLOOD.count} resource updates of ${FLOOD.size} bytes`,
    );
    return { growth, state };
  }

  it('drops a 2025 client that does not read its GET stream while a backend floods resource updates', async () => {
    const uri = await floodUri();
    const init = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-03-26',
        capabilities: {},
        clientInfo: { name: 'slow-get-reader', version: '1' },
      },
    });
    const session = init.headers.get('mcp-session-id') ?? '';
    await init.text();
    const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-03-26' };
    expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers)).status).toBe(202);
    const sub = await post(
      { jsonrpc: '2.0', id: 2, method: 'resources/subscribe', params: { uri } },
      headers,
    );
    expect(await sub.text()).toContain('"result"');
    const before = drops();
    const port = Number(new URL(url).port);
    const { growth, state } = await floodSlowReader(
      `GET /mcp HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\naccept: text/event-stream\r\n` +
        `mcp-session-id: ${session}\r\nmcp-protocol-version: 2025-03-26\r\n\r\n`,
      'GET stream',
    );
    expect(state).toMatch(/^done/);
    expect(drops()).toBeGreaterThan(before);
    expect(growth).toBeLessThan(RSS_GROWTH_BOUND);
  });

  it('drops a 2026 client that does not read its subscriptions/listen stream while a backend floods resource updates', async () => {
    const uri = await floodUri();
    // The listen request exactly as a 2026-07-28 client sends it, recorded from the SDK's own client.
    const sent: Array<{ headers: Record<string, string>; body: string }> = [];
    const modern = new ModernClient(
      { name: 'slow-listener', version: '1' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await modern.connect(
      new ModernTransport(new URL(`${url}/mcp`), {
        fetch: async (input, init) => {
          const body = typeof init?.body === 'string' ? init.body : '';
          sent.push({ headers: Object.fromEntries(new Headers(init?.headers).entries()), body });
          return fetch(input, init);
        },
      }),
    );
    try {
      const probe = await modern.listen({ resourceSubscriptions: [uri] });
      expect(probe.honoredFilter.resourceSubscriptions).toEqual([uri]);
      await probe.close();
    } finally {
      await modern.close();
    }
    const listen = sent.find((r) => r.body.includes('"subscriptions/listen"'));
    expect(listen).toBeDefined();
    const port = Number(new URL(url).port);
    const lines = Object.entries(listen?.headers ?? {})
      .filter(([k]) => !['host', 'content-length', 'connection'].includes(k))
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    const body = listen?.body ?? '';
    const before = drops();
    const { growth, state } = await floodSlowReader(
      `POST /mcp HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n${lines}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      'subscriptions/listen stream',
    );
    expect(state).toMatch(/^done/);
    expect(drops()).toBeGreaterThan(before);
    expect(growth).toBeLessThan(RSS_GROWTH_BOUND);
  });
});
