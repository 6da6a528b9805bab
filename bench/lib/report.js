// Renders the results as the "Gateway performance" section of docs/BENCHMARKS.md and writes that
// section in place, leaving every other section of the file untouched.
import { replaceDocsSection } from './docs.js';
import { round } from './stats.js';

const HEADING = '## Gateway performance';
const PEERS = ['mcp-proxy', 'supergateway', 'mcp-hub'];
// The client floor (bench/fixtures/canned-http.mjs) is no peer: it bounds what any gateway can
// show through a load client, so it is reported beside the targets and never picked as best peer.
const FLOOR = 'floor';
// The relay floor (bench/fixtures/relay-http.mjs) is no peer either: a bare relay to the same stdio
// server, the least a gateway in one Node process can do per call under each load client.
const RELAY = 'relay';

const fmt = (v, unit = '') => (v === null || v === undefined ? 'n/a' : `${v}${unit}`);
const label = (r, id) => r.contestants.find((c) => c.id === id)?.label ?? id;

function table(head, rows) {
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const row of rows) {
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

function whyNoRow(r, id, section) {
  if (r.unavailable[id]) {
    return r.unavailable[id];
  }
  if (section === 'raw' && id === 'mcp-hub') {
    return 'legacy HTTP+SSE transport: a POST is answered 202 before the result, which arrives on the SSE stream, so a raw POST timing is not a call timing';
  }
  return 'no figure (see notes)';
}

/**
 * The "gateway CPU" cell: none for direct; for the client floor it is the canned server's CPU, for
 * the relay floor the relay's own (its stdio server is not counted, as for every gateway).
 */
function cpuCell(id, v) {
  if (id === 'direct') {
    return '0 (no gateway)';
  }
  if (v === null || v === undefined) {
    return fmt(v);
  }
  return id === FLOOR ? `${v} (canned server)` : id === RELAY ? `${v} (bare relay)` : fmt(v);
}

function callTable(r, section) {
  const data = r[section];
  const concs = r.settings.concurrency;
  const head = ['contestant'];
  for (const c of concs) {
    head.push(`c=${c} p50 ms`, `c=${c} p99 ms`, `c=${c} calls/s`);
  }
  head.push(`gateway CPU µs/call (c=${concs.at(-1)})`, `gateway wake-ups/call (c=${concs.at(-1)})`);
  const rows = [];
  const missing = [];
  for (const { id } of r.contestants) {
    const cells = data[id];
    if (!cells) {
      missing.push(`${label(r, id)}: ${whyNoRow(r, id, section)}`);
      continue;
    }
    const row = [label(r, id)];
    for (const c of concs) {
      const x = cells[c];
      row.push(fmt(x?.p50Ms), fmt(x?.p99Ms), fmt(x?.throughput));
      if (x?.errors) {
        row[row.length - 1] += ` (${x.errors} errors)`;
      }
    }
    row.push(cpuCell(id, cells[concs.at(-1)]?.gatewayCpuUsPerCall));
    row.push(id === 'direct' ? '–' : fmt(cells[concs.at(-1)]?.gatewayWakeupsPerCall));
    rows.push(row);
  }
  return table(head, rows) + (missing.length ? `\n\nNo row: ${missing.join('; ')}.` : '');
}

/** Best peer figure for a metric: the lowest (or highest) value among the other gateways. */
function bestPeer(r, get, higherIsBetter) {
  let best;
  for (const id of PEERS) {
    const v = get(id);
    if (v === null || v === undefined) {
      continue;
    }
    if (!best || (higherIsBetter ? v > best.v : v < best.v)) {
      best = { id, v };
    }
  }
  return best;
}

/** The targets, each computed from figures of this same run. */
export function targets(r) {
  const last = r.settings.concurrency.at(-1);
  const specs = [
    // `floor`: a figure the load client alone bounds, so the client floor's value is shown too.
    {
      what: 'tools/call p50 at concurrency 1, SDK client',
      get: (id) => r.sdk[id]?.[1]?.p50Ms,
      rule: '≤ 0.5 × best peer',
      ok: (x) => x <= 0.5,
      floor: true,
    },
    {
      what: 'tools/call p50 at concurrency 1, raw HTTP',
      get: (id) => r.raw[id]?.[1]?.p50Ms,
      rule: '≤ 0.5 × best peer',
      ok: (x) => x <= 0.5,
      floor: true,
    },
    {
      what: `throughput at concurrency ${last}, SDK client`,
      get: (id) => r.sdk[id]?.[last]?.throughput,
      higher: true,
      rule: '≥ 2 × best peer',
      ok: (x) => x >= 2,
      floor: true,
    },
    {
      what: `throughput at concurrency ${last}, raw HTTP`,
      get: (id) => r.raw[id]?.[last]?.throughput,
      higher: true,
      rule: '≥ 2 × best peer',
      ok: (x) => x >= 2,
      floor: true,
    },
    {
      what: `tools/list over ${r.settings.bigTools} tools, SDK client`,
      get: (id) => r.toolsList[id]?.sdkMedianMs,
      rule: '≤ 0.5 × best peer',
      ok: (x) => x <= 0.5,
      floor: true,
    },
    {
      what: `tools/list over ${r.settings.bigTools} tools, raw HTTP`,
      get: (id) => r.toolsList[id]?.rawMedianMs,
      rule: '≤ 0.5 × best peer',
      ok: (x) => x <= 0.5,
      floor: true,
    },
    {
      what: `idle RSS with ${r.settings.aggServers} backends`,
      get: (id) => r.aggregate[id]?.rssMiB,
      rule: '≤ 1 × best peer',
      ok: (x) => x <= 1,
    },
    {
      what: 'idle RSS with 1 backend',
      get: (id) => r.idle1[id]?.rssMiB,
      rule: '(no target; for reference)',
    },
    {
      what: 'cold start to first tools/list',
      get: (id) => r.cold[id]?.medianMs,
      rule: '≤ 0.5 × best peer',
      ok: (x) => x <= 0.5,
      // The backend started directly (no gateway) bounds every gateway's start-up.
      floor: 'direct',
    },
    // The same questions asked of CPU time, which a shared machine disturbs far less than
    // wall-clock time: when the gateway is CPU-bound, 2× throughput means half the CPU per call.
    {
      what: `CPU view: gateway CPU per tools/call at concurrency ${last}, raw HTTP`,
      get: (id) => r.raw[id]?.[last]?.gatewayCpuUsPerCall,
      rule: '≤ 0.5 × best peer (≈ 2× throughput)',
      ok: (x) => x <= 0.5,
    },
    {
      what: `CPU view: gateway CPU per tools/call at concurrency ${last}, SDK client`,
      get: (id) => r.sdk[id]?.[last]?.gatewayCpuUsPerCall,
      rule: '≤ 0.5 × best peer (≈ 2× throughput)',
      ok: (x) => x <= 0.5,
    },
    {
      what: `CPU view: gateway CPU per tools/list over ${r.settings.bigTools} tools`,
      get: (id) => r.toolsList[id]?.gatewayCpuMsPerList,
      rule: '≤ 0.5 × best peer',
      ok: (x) => x <= 0.5,
    },
    {
      what: 'CPU view: gateway CPU from spawn to first tools/list',
      get: (id) => r.cold[id]?.cpuMedianMs,
      rule: '≤ 0.5 × best peer',
      ok: (x) => x <= 0.5,
    },
  ];
  const ratioTo = (v, best) =>
    v !== null && v !== undefined && best && best.v > 0 ? round(v / best.v, 2) : null;
  return specs.map((s) => {
    const ours = s.get('ours');
    const best = bestPeer(r, s.get, s.higher);
    const ratio = ratioTo(ours, best);
    const floor = s.floor ? (s.get(s.floor === true ? FLOOR : s.floor) ?? null) : null;
    const floorRatio = ratioTo(floor, best);
    return {
      what: s.what,
      ours: ours ?? null,
      bestPeer: best ? { id: best.id, value: best.v } : null,
      ratio,
      rule: s.rule,
      met: ratio === null || !s.ok ? null : s.ok(ratio),
      // What the load client reaches with no gateway at all, and whether even that meets the
      // target: when it does not, no gateway can meet it with this client.
      floor,
      floorRatio,
      floorMeets: floorRatio === null || !s.ok ? null : s.ok(floorRatio),
    };
  });
}

const NOT_RUN = '_Not run in this invocation (`--sections`)._';

export function renderSection(r) {
  const m = r.machine;
  const s = r.settings;
  const ran = (name) => !s.sections || s.sections.includes(name);
  const out = [HEADING, ''];
  out.push(
    `Taken ${r.date.slice(0, 16).replace('T', ' ')} UTC${s.quick ? ' with `--quick` (small counts: indicative only)' : ''}, ` +
      `by \`npm run bench\` in ${r.durationS} s. Machine: ${m.cores} cores, ${m.memGiB} GiB RAM, ${m.cpuModel}, ` +
      `Node ${m.node}, ${m.os}. Load average (1/5/15 min) ${m.loadAvgAtStart.join(' / ')} at the start and ` +
      `${(m.loadAvgAtEnd ?? []).join(' / ')} at the end: the cores were shared with other work, so absolute figures are noisy; ` +
      'the contestants ran interleaved in the same run, which keeps the comparison fair.',
    '',
    'Contestants:',
    '',
  );
  for (const c of r.contestants) {
    out.push(
      `- **${c.label}**: ${c.version}${r.unavailable[c.id] ? ` (not measured: ${r.unavailable[c.id]})` : ''}`,
    );
  }
  out.push(
    '',
    '### Method',
    '',
    '- Backend: `bench/fixtures/echo-server.mjs`, a stdio MCP server on the v1 SDK (`@modelcontextprotocol/sdk`) with one `echo` tool, ' +
      'or `--tools N` generated tools (~400 bytes each). Every contestant fronts the same fixture, so backend cost is equal and small.',
    '- Client floor: `bench/fixtures/canned-http.mjs`, a Streamable HTTP server in a process of its own on 127.0.0.1 with no gateway and no backend, ' +
      'answering from memory at once: initialize (with an `mcp-session-id`), tools/list and tools/call with the same payloads as the fixture (both build them from `bench/fixtures/tools.mjs`), ' +
      'JSON answers with content-length, serialised per request except the tools/list result, which it serialises and encodes once at start as a gateway with a catalogue cache could. ' +
      'It is not a peer and no gateway: it measures the load client itself, with the same clients as this gateway (StreamableHTTPClientTransport, autocannon). ' +
      'No gateway can be answered faster than this through the same client, so a target beyond the floor cannot be met with that client whatever the gateway does ' +
      "(mcp-hub is measured with the SDK's SSEClientTransport, whose own floor this does not measure). " +
      'Measured for tools/call and tools/list only (it has no start-up or backends to compare); ' +
      "its CPU figures are the canned server's own.",
    '- Relay floor: `bench/fixtures/relay-http.mjs`, a bare `node:http` server that answers initialize itself and relays every other request ' +
      'to the same stdio fixture, one JSON line each way, lines queued in one event-loop turn written together (as this gateway does): ' +
      'no tokens, checks, records, limits or timeouts. It is not a peer: its CPU per call (its own process, not the fixture) is what relaying alone costs ' +
      '(the system calls and wake-ups of reading a request, writing to the server, reading its answer and writing the response) under each load client. ' +
      'Measured for tools/call only.',
    '- Direct stdio: the load client spawns the fixture itself (no gateway): the physical limit. ' +
      '`mcp-gateway serve --port 0` (this project) and `mcp-proxy --host 127.0.0.1 --server stream` front it as Streamable HTTP; ' +
      '`supergateway --stdio … --outputTransport streamableHttp --stateful --logLevel none` likewise (one backend per session); ' +
      '`mcp-hub --config` aggregates it and serves MCP over the legacy HTTP+SSE transport only (it has no Streamable HTTP endpoint). ' +
      'supergateway and mcp-hub have no listen-address option and listen on every interface by default, so they run with ' +
      '`bench/lib/loopback-guard.mjs` preloaded, which binds their listeners to 127.0.0.1 and blocks outgoing non-loopback connections; ' +
      "mcp-hub's marketplace cache is pre-seeded so it does not download its catalogue. Each contestant's TCP sockets are " +
      `checked in /proc after start: ${r.loopbackViolations.length === 0 ? 'all were loopback-only' : 'VIOLATIONS, see below'}.`,
    `- tools/call: ${s.calls} calls per cell or ${s.maxMs / 1000} s, whichever first, after ${s.warmupCalls} warm-up calls; concurrency = calls in flight. ` +
      '**SDK client**: one v1 SDK `Client` session shared by all workers (StreamableHTTPClientTransport; SSEClientTransport for mcp-hub; StdioClientTransport for direct). ' +
      '**Raw HTTP**: autocannon 9 POSTs `tools/call` JSON-RPC (a fresh id per request, `Accept: application/json, text/event-stream`) on one session initialised by hand, ' +
      'one keep-alive connection per concurrent request; latency is timed per response by the harness (autocannon rounds to whole ms). ' +
      `Raw direct: JSON-RPC lines written straight into the fixture's stdin. Each cell is split into ${s.rounds ?? 1} round(s) and every round visits all contestants in turn, so outside load is spread over all of them.`,
    "- Gateway CPU µs/call: CPU time (all threads, /proc/<pid>/task/*/schedstat) of the gateway's own processes during the cell, divided by the calls. " +
      'It is much less sensitive to a shared machine than wall-clock figures.',
    "- Gateway wake-ups/call: how often the gateway's own threads were put on a CPU (schedstat's third field) during the cell, " +
      'divided by the calls. A client that sends faster than the gateway answers lets it take several requests per wake-up; ' +
      'a slower client (the SDK client spends several times the CPU per call the gateway does) makes it wake for each one, ' +
      'and every wake-up has a fixed cost (see "Why the SDK client costs the gateway more CPU per call" below).',
    `- tools/list: median of ${s.listRepeats} lists (after 2 warm-up lists) on one session, following pagination; ` +
      `${s.bigTools} tools from one backend, and ${s.aggServers} backends × ${s.aggToolsPerServer} tools (+ their echo tools) for gateways that aggregate.`,
    `- Idle RSS: ${s.idleSettleMs / 1000} s after the last request (no session open), the sum of VmRSS (/proc/<pid>/status) of the gateway's own processes — ` +
      'its root process and every descendant that is not a backend. A backend is a process whose command line names the fixture ' +
      '(for supergateway this includes the `sh -c` wrapper it spawns the fixture through), plus its descendants. Median of 3 samples 0.5 s apart.',
    `- Cold start: from spawn() of the gateway to the first tools/list answered with the backend's tool (a client retrying every 10 ms); ` +
      `median of ${s.coldRuns} runs after one uncounted warm-up run, contestants interleaved. For direct: spawn of the fixture to its first tools/list.`,
    '- Where the time goes: `node bench/profile.js [--scenario=calls|list|start]` runs this gateway under `node --cpu-prof` ' +
      'with the same load and prints its CPU profile by package and by function.',
    '',
    '### tools/call, SDK client',
    '',
    ran('sdk') ? callTable(r, 'sdk') : NOT_RUN,
    '',
    '### tools/call, raw HTTP (autocannon)',
    '',
    ran('raw') ? callTable(r, 'raw') : NOT_RUN,
    '',
    `### tools/list over ${s.bigTools} tools (one backend)`,
    '',
  );
  out.push(
    !ran('list')
      ? NOT_RUN
      : table(
          [
            'contestant',
            'SDK median ms',
            'SDK p90 ms',
            'raw median ms',
            'raw p90 ms',
            'gateway CPU ms/list',
            'tools',
            'response bytes',
          ],
          r.contestants
            .filter(({ id }) => r.toolsList[id])
            .map(({ id }) => {
              const x = r.toolsList[id];
              return [
                label(r, id),
                fmt(x.sdkMedianMs),
                fmt(x.sdkP90Ms),
                fmt(x.rawMedianMs),
                fmt(x.rawP90Ms),
                cpuCell(id, x.gatewayCpuMsPerList),
                fmt(x.tools),
                fmt(x.bytes),
              ];
            }),
        ),
    '',
    `### ${s.aggServers} backends × ${s.aggToolsPerServer} tools`,
    '',
  );
  out.push(
    !ran('aggregate')
      ? NOT_RUN
      : table(
          [
            'contestant',
            'ready ms (spawn → full list)',
            'gateway CPU ms to ready',
            'tools/list SDK ms',
            'tools/list raw ms',
            'idle RSS MiB (gateway only)',
            'gateway processes',
            'backend processes (RSS MiB)',
          ],
          r.contestants.map(({ id }) => {
            const x = r.aggregate[id];
            if (id === 'direct') {
              return [label(r, id), 'n/a (no gateway)', 'n/a', 'n/a', 'n/a', '0', '0', 'n/a'];
            }
            if (!x || x.na) {
              return [
                label(r, id),
                `n/a (${x?.na ?? r.unavailable[id] ?? 'failed, see notes'})`,
                'n/a',
                'n/a',
                'n/a',
                'n/a',
                'n/a',
                'n/a',
              ];
            }
            return [
              label(r, id),
              fmt(x.readyMs),
              fmt(x.readyCpuMs),
              fmt(x.sdkMedianMs),
              fmt(x.rawMedianMs),
              fmt(x.rssMiB),
              fmt(x.ownProcesses),
              `${x.backendProcesses} (${x.backendRssMiB})`,
            ];
          }),
        ),
    '',
    '### Cold start and idle memory (one backend)',
    '',
  );
  out.push(
    !ran('cold')
      ? NOT_RUN
      : table(
          [
            'contestant',
            'cold start median ms',
            'min ms',
            'runs ms',
            'gateway CPU ms to ready',
            'idle RSS MiB (gateway only, 1 backend)',
          ],
          r.contestants
            .filter(({ id }) => r.cold[id])
            .map(({ id }) => [
              label(r, id),
              fmt(r.cold[id].medianMs),
              fmt(r.cold[id].minMs),
              r.cold[id].runs.join(', '),
              id === 'direct' ? 'n/a' : fmt(r.cold[id].cpuMedianMs),
              id === 'direct' ? '0 (no gateway)' : fmt(r.idle1[id]?.rssMiB),
            ]),
        ),
    '',
    '### Against the targets (this run)',
    '',
    'Ratio = this gateway ÷ the best of mcp-proxy, supergateway and mcp-hub for that figure (lowest time or memory, highest throughput). ' +
      'Client floor = the same figure against canned answers (no gateway, no backend), from this run; for cold start, the backend started directly (no gateway). ' +
      'Floor ÷ best peer is the ratio the floor itself would have. ' +
      'Where the floor\'s own ratio misses the target ("within the client\'s reach" = no), the target asks for more than the load client can do at all, ' +
      'and no gateway can meet it measured with that client.',
    '',
  );
  const yesNo = (v) => (v === null ? '–' : v ? 'yes' : 'no');
  out.push(
    table(
      [
        'figure',
        'mcp-gateway',
        'best peer',
        'ratio',
        'target',
        'met',
        'client floor',
        'floor ÷ best peer',
        "within the client's reach",
      ],
      targets(r).map((t) => [
        t.what,
        fmt(t.ours),
        t.bestPeer ? `${t.bestPeer.value} (${t.bestPeer.id})` : 'n/a',
        fmt(t.ratio),
        t.rule,
        yesNo(t.met),
        fmt(t.floor),
        fmt(t.floorRatio),
        yesNo(t.floorMeets),
      ]),
    ),
  );
  if (r.notes.length || r.loopbackViolations.length) {
    out.push('', '### Notes', '');
    for (const n of r.notes) {
      out.push(`- ${n}`);
    }
    for (const v of r.loopbackViolations) {
      out.push(`- ${v.id}: not loopback-only: ${JSON.stringify(v.sockets)}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Replaces (or appends) the "Gateway performance" section, up to the next `## ` heading. */
export function writeDocsSection(file, section) {
  replaceDocsSection(file, HEADING, section);
}
