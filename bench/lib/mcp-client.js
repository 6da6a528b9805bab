// The SDK load client (v1 `@modelcontextprotocol/sdk` Client), the same for every contestant:
// StreamableHTTPClientTransport for Streamable HTTP gateways, SSEClientTransport for gateways that
// only speak the legacy HTTP+SSE transport, StdioClientTransport for the direct connection.
import { setTimeout as sleep } from 'node:timers/promises';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export const ECHO_TEXT = 'hello from the benchmark, 64 bytes of payload to echo back ......';

function transportFor(inst) {
  if (inst.transport === 'stdio') {
    return new StdioClientTransport({ command: inst.command, args: inst.args, stderr: 'ignore' });
  }
  const requestInit = inst.headers === undefined ? undefined : { headers: inst.headers };
  if (inst.transport === 'sse') {
    return new SSEClientTransport(new URL(inst.url), { requestInit });
  }
  return new StreamableHTTPClientTransport(new URL(inst.url), { requestInit });
}

/** Connects (initialize + initialized) a new SDK client session to the instance. */
export async function connect(inst, timeoutMs = 30_000) {
  const client = new Client({ name: 'mcp-gateway-bench', version: '1.0.0' }, { capabilities: {} });
  const transport = transportFor(inst);
  await client.connect(transport, { timeout: timeoutMs });
  return {
    client,
    transport,
    close: async () => {
      // Streamable HTTP: end the session on the server too (DELETE), then close locally.
      if (typeof transport.terminateSession === 'function') {
        await transport.terminateSession().catch(() => {});
      }
      await client.close().catch(() => {});
    },
  };
}

/** tools/list, following pagination cursors (bounded). */
export async function listAllTools(client, timeoutMs = 60_000) {
  const tools = [];
  let cursor;
  for (let page = 0; page < 1000; page += 1) {
    const res = await client.listTools(cursor ? { cursor } : {}, { timeout: timeoutMs });
    tools.push(...res.tools);
    cursor = res.nextCursor;
    if (!cursor) {
      break;
    }
  }
  return tools;
}

export function findEchoTool(tools) {
  const t = tools.find((x) => x.name === 'echo') ?? tools.find((x) => /(^|[^a-z0-9])echo$/i.test(x.name));
  return t?.name;
}

/**
 * Polls until a fresh session's tools/list returns at least `expectTools` tools: the moment the
 * gateway is usable. Returns the open session, the tools and when it got there (performance.now()).
 * Retries every 10 ms; gives up at the deadline with the last error.
 */
export async function waitUsable(inst, expectTools, deadlineMs = 60_000) {
  const until = performance.now() + deadlineMs;
  let lastError;
  let session;
  for (let attempt = 0; performance.now() < until && attempt < 100_000; attempt += 1) {
    try {
      if (!session) {
        session = await connect(inst, Math.max(1000, until - performance.now()));
      }
      const tools = await listAllTools(session.client);
      if (tools.length >= expectTools) {
        return { session, tools, at: performance.now() };
      }
      lastError = new Error(`tools/list returned ${tools.length} of ${expectTools} tools`);
    } catch (err) {
      lastError = err;
      if (session) {
        await session.close();
        session = undefined;
      }
    }
    await sleep(10);
  }
  if (session) {
    await session.close();
  }
  throw new Error(`not usable within ${deadlineMs / 1000} s: ${lastError?.message ?? 'no answer'}`);
}

/**
 * Keeps `concurrency` tools/call requests in flight on one shared session until `calls` have
 * finished or `maxMs` has passed. Returns the raw sample: { latencies (ms), errors, wallMs }.
 */
export async function sdkCallLoad(client, toolName, { concurrency, calls, maxMs }) {
  const latencies = [];
  let errors = 0;
  let started = 0;
  const start = performance.now();
  const deadline = start + maxMs;
  const worker = async () => {
    while (started < calls && performance.now() < deadline) {
      started += 1;
      const t0 = performance.now();
      try {
        const res = await client.callTool({ name: toolName, arguments: { text: ECHO_TEXT } }, undefined, {
          timeout: 30_000,
        });
        if (res.isError || res.content?.[0]?.text !== ECHO_TEXT) {
          errors += 1;
        } else {
          latencies.push(performance.now() - t0);
        }
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, errors, wallMs: performance.now() - start };
}
