// Raw load: JSON-RPC without the SDK client, so the client's own cost does not hide the gateway's.
//  - Streamable HTTP: initialize by hand, take Mcp-Session-Id, send notifications/initialized,
//    then autocannon POSTs tools/call with a fresh JSON-RPC id per request.
//  - Direct stdio: newline-delimited JSON-RPC written straight into the backend's stdin.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

import autocannon from 'autocannon';

import { ECHO_TEXT } from './mcp-client.js';

const PROTOCOL = '2025-06-18';
const CLIENT_INFO = { name: 'mcp-gateway-bench-raw', version: '1.0.0' };

/** Parses a Streamable HTTP answer (JSON or an SSE stream) into its JSON-RPC messages. */
function parseBody(contentType, text) {
  if (contentType?.includes('text/event-stream')) {
    const out = [];
    for (const block of text.split(/\r?\n\r?\n/)) {
      const data = block
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data) {
        out.push(JSON.parse(data));
      }
    }
    return out;
  }
  return text.trim() ? [JSON.parse(text)].flat() : [];
}

/** A hand-made Streamable HTTP session: the headers every later request must carry. */
export async function rawHttpSession(url, extraHeaders = {}) {
  const base = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...extraHeaders,
  };
  const res = await fetch(url, {
    method: 'POST',
    headers: base,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 'init',
      method: 'initialize',
      params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: CLIENT_INFO },
    }),
  });
  const messages = parseBody(res.headers.get('content-type'), await res.text());
  const init = messages.find((m) => m.id === 'init');
  if (!res.ok || !init?.result) {
    throw new Error(
      `initialize failed: HTTP ${res.status} ${JSON.stringify(init ?? messages).slice(0, 300)}`,
    );
  }
  const headers = { ...base, 'mcp-protocol-version': init.result.protocolVersion ?? PROTOCOL };
  const sessionId = res.headers.get('mcp-session-id');
  if (sessionId) {
    headers['mcp-session-id'] = sessionId;
  }
  const note = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  await note.text();
  if (!note.ok) {
    throw new Error(`notifications/initialized failed: HTTP ${note.status}`);
  }
  let nextId = 0;
  return {
    headers,
    sessionId,
    /** One JSON-RPC request; resolves to its response message. */
    async request(method, params) {
      nextId += 1;
      const id = `r${nextId}`;
      const r = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
      });
      const msgs = parseBody(r.headers.get('content-type'), await r.text());
      const msg = msgs.find((m) => m.id === id);
      if (!msg) {
        throw new Error(`${method}: HTTP ${r.status}, no response with id ${id}`);
      }
      return msg;
    },
    async close() {
      if (sessionId) {
        await fetch(url, { method: 'DELETE', headers })
          .then((r) => r.text())
          .catch(() => {});
      }
    },
  };
}

/** autocannon against one pre-initialised session; every request gets its own JSON-RPC id. */
export async function autocannonLoad(url, session, toolName, { concurrency, calls, maxMs }) {
  let id = 0;
  const latencies = [];
  let errors = 0;
  const body = (n) =>
    `{"jsonrpc":"2.0","id":${n},"method":"tools/call","params":{"name":${JSON.stringify(toolName)},"arguments":{"text":${JSON.stringify(ECHO_TEXT)}}}}`;
  const start = performance.now();
  const instance = autocannon({
    url,
    connections: concurrency,
    amount: calls,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: session.headers,
        setupRequest: (req) => {
          id += 1;
          return { ...req, body: body(id) };
        },
        onResponse: (status, resBody) => {
          if (status !== 200 || !resBody.includes('"result"') || resBody.includes('"isError":true')) {
            errors += 1;
          }
        },
      },
    ],
  });
  // autocannon's own histogram rounds to whole milliseconds and it notices the end of a run only
  // on its one-second tick: keep exact per-response times and the time of the last response.
  let last = start;
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    last = performance.now();
    if (statusCode === 200) {
      latencies.push(responseTime);
    }
  });
  const timer = setTimeout(() => instance.stop(), maxMs);
  const result = await instance;
  clearTimeout(timer);
  const wall = last - start;
  // A 200 whose body is not a successful result was counted by onResponse: drop as many samples.
  latencies.length = Math.max(0, latencies.length - errors);
  return { latencies, errors: errors + result.errors + result.timeouts, wallMs: wall };
}

/**
 * The physical limit: JSON-RPC lines written straight to the backend's stdin with `concurrency`
 * requests in flight, answers matched by id. Spawns and stops its own backend.
 */
export async function rawStdioLoad(command, args, toolName, { concurrency, calls, maxMs, warmup = 0 }) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const pending = new Map();
  const rl = createInterface({ input: child.stdout });
  rl.on('line', (line) => {
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return;
    }
    const p = pending.get(msg.id);
    if (p) {
      pending.delete(msg.id);
      p(msg);
    }
  });
  let nextId = 0;
  const send = (method, params) =>
    new Promise((resolve) => {
      nextId += 1;
      pending.set(nextId, resolve);
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: nextId, method, params }) + '\n');
    });
  try {
    const initTimer = new AbortController();
    const init = await Promise.race([
      send('initialize', { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: CLIENT_INFO }),
      sleep(15_000, null, { signal: initTimer.signal }).catch(() => null),
    ]);
    initTimer.abort();
    if (!init?.result) {
      throw new Error('the backend did not answer initialize');
    }
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
    const run = async (total, limitMs) => {
      const latencies = [];
      let errors = 0;
      let started = 0;
      const start = performance.now();
      const deadline = start + limitMs;
      const worker = async () => {
        while (started < total && performance.now() < deadline) {
          started += 1;
          const t0 = performance.now();
          const msg = await send('tools/call', { name: toolName, arguments: { text: ECHO_TEXT } });
          if (msg?.result && !msg.result.isError) {
            latencies.push(performance.now() - t0);
          } else {
            errors += 1;
          }
        }
      };
      // A request that never gets its answer is failed by this watchdog, so the run always ends.
      const watchdog = setTimeout(() => {
        for (const [id, resolve] of pending) {
          pending.delete(id);
          resolve(null);
        }
      }, limitMs + 15_000);
      await Promise.all(Array.from({ length: concurrency }, worker));
      clearTimeout(watchdog);
      return { latencies, errors, wallMs: performance.now() - start };
    };
    if (warmup > 0) {
      await run(warmup, maxMs);
    }
    return await run(calls, maxMs);
  } finally {
    rl.close();
    child.stdin.end();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      if (!(await Promise.race([exited.then(() => true), sleep(2000).then(() => false)]))) {
        child.kill('SIGKILL');
      }
    }
  }
}
