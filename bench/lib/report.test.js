// node --test bench/lib/ — the pure parts of the benchmark: statistics, the targets, and writing
// only our own section of docs/BENCHMARKS.md.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { renderSection, targets, writeDocsSection } from './report.js';
import { mergeSamples, percentile, summarise } from './stats.js';

test('percentile is nearest-rank over an unsorted sample', () => {
  assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
  assert.equal(percentile([5, 1, 4, 2, 3], 99), 5);
  assert.equal(percentile([], 50), null);
});

test('samples from several rounds merge before they are summarised', () => {
  const a = { latencies: [1, 2], errors: 0, wallMs: 10, cpuNs: 1000 };
  const b = { latencies: [3], errors: 1, wallMs: 5, cpuNs: 500 };
  const m = mergeSamples(mergeSamples(undefined, a), b);
  assert.deepEqual(m, { latencies: [1, 2, 3], errors: 1, wallMs: 15, cpuNs: 1500 });
  const withSlices = mergeSamples({ ...a, slices: 4 }, { ...b, slices: 2 });
  assert.equal(withSlices.slices, 6);
  const s = summarise(m.latencies, m.errors, m.wallMs);
  assert.equal(s.calls, 3);
  assert.equal(s.throughput, 200);
});

function fakeResults() {
  return {
    date: '2026-01-01T00:00:00.000Z',
    durationS: 1,
    machine: {
      cores: 2,
      memGiB: 4,
      cpuModel: 'cpu',
      node: 'v20',
      os: 'Linux',
      loadAvgAtStart: [0, 0, 0],
      loadAvgAtEnd: [0, 0, 0],
    },
    settings: {
      quick: true,
      concurrency: [1, 32],
      calls: 10,
      maxMs: 1000,
      warmupCalls: 1,
      rounds: 1,
      listRepeats: 1,
      coldRuns: 1,
      idleSettleMs: 0,
      bigTools: 1000,
      aggServers: 50,
      aggToolsPerServer: 40,
      sections: ['sdk', 'raw', 'list', 'aggregate', 'cold'],
    },
    contestants: [
      { id: 'floor', label: 'client floor', version: '1' },
      { id: 'ours', label: 'ours', version: '1' },
      { id: 'mcp-proxy', label: 'mcp-proxy', version: '1' },
      { id: 'mcp-hub', label: 'mcp-hub', version: '1' },
    ],
    unavailable: {},
    sdk: {
      // The client floor beats every peer, yet it is no peer: never the best-peer figure.
      floor: {
        1: { p50Ms: 2, p99Ms: 3, throughput: 300, gatewayCpuUsPerCall: 12 },
        32: { p50Ms: 4, p99Ms: 8, throughput: 500, gatewayCpuUsPerCall: 20 },
      },
      ours: {
        1: { p50Ms: 1, p99Ms: 2, throughput: 100 },
        32: { p50Ms: 5, p99Ms: 9, throughput: 900, gatewayCpuUsPerCall: 10, gatewayWakeupsPerCall: 1.5 },
      },
      'mcp-proxy': {
        1: { p50Ms: 4, p99Ms: 8, throughput: 50 },
        32: { p50Ms: 9, p99Ms: 20, throughput: 300 },
      },
      'mcp-hub': {
        1: { p50Ms: 3, p99Ms: 6, throughput: 60 },
        32: { p50Ms: 8, p99Ms: 20, throughput: 400, gatewayCpuUsPerCall: 40 },
      },
    },
    raw: {},
    toolsList: {
      floor: {
        sdkMedianMs: 5,
        sdkP90Ms: 6,
        rawMedianMs: 2,
        rawP90Ms: 3,
        gatewayCpuMsPerList: 1,
        tools: 1001,
        bytes: 9,
      },
      ours: {
        sdkMedianMs: 8,
        sdkP90Ms: 9,
        rawMedianMs: 4,
        rawP90Ms: 5,
        gatewayCpuMsPerList: 2,
        tools: 1001,
        bytes: 9,
      },
      'mcp-hub': { sdkMedianMs: 6, sdkP90Ms: 7, gatewayCpuMsPerList: 1.5, tools: 1001 },
    },
    aggregate: {
      floor: { na: 'not a gateway' },
      ours: { rssMiB: 50 },
      'mcp-hub': { rssMiB: 100 },
      'mcp-proxy': { na: 'fronts one server only' },
    },
    cold: {},
    idle1: {},
    notes: [],
    loopbackViolations: [],
    listeners: {},
  };
}

test('targets compare with the best peer of the same run', () => {
  const t = targets(fakeResults());
  const p50 = t.find((x) => x.what.startsWith('tools/call p50 at concurrency 1, SDK'));
  assert.deepEqual(p50.bestPeer, { id: 'mcp-hub', value: 3 });
  assert.equal(p50.ratio, 0.33);
  assert.equal(p50.met, true);
  const thr = t.find((x) => x.what.startsWith('throughput at concurrency 32, SDK'));
  assert.deepEqual(thr.bestPeer, { id: 'mcp-hub', value: 400 });
  assert.equal(thr.ratio, 2.25);
  assert.equal(thr.met, true);
  const rss = t.find((x) => x.what.startsWith('idle RSS with 50'));
  assert.equal(rss.ratio, 0.5);
  // The gateway's own CPU per call is a target under both load clients, the SDK client's too.
  const sdkCpu = t.find(
    (x) => x.what === 'CPU view: gateway CPU per tools/call at concurrency 32, SDK client',
  );
  assert.deepEqual(sdkCpu.bestPeer, { id: 'mcp-hub', value: 40 });
  assert.equal(sdkCpu.ours, 10);
  assert.equal(sdkCpu.ratio, 0.25);
  assert.equal(sdkCpu.met, true);
  const sdkTable = renderSection(fakeResults()).split('### tools/call, SDK client')[1];
  assert.ok(sdkTable.includes('gateway CPU µs/call (c=32) | gateway wake-ups/call (c=32) |'));
  assert.ok(sdkTable.includes('| ours | 1 | 2 | 100 | 5 | 9 | 900 | 10 | 1.5 |'));
  assert.ok(sdkTable.includes('| client floor | 2 | 3 | 300 | 4 | 8 | 500 | 20 (canned server) | n/a |'));
  const cold = t.find((x) => x.what.startsWith('cold start'));
  assert.equal(cold.ratio, null);
  assert.equal(cold.met, null);
});

test('the client floor is shown beside the targets and never taken as the best peer', () => {
  const t = targets(fakeResults());
  const p50 = t.find((x) => x.what.startsWith('tools/call p50 at concurrency 1, SDK'));
  assert.deepEqual(p50.bestPeer, { id: 'mcp-hub', value: 3 });
  assert.equal(p50.floor, 2);
  assert.equal(p50.floorRatio, 0.67);
  assert.equal(p50.floorMeets, false); // even no gateway at all would miss ≤ 0.5 × best peer
  const thr = t.find((x) => x.what.startsWith('throughput at concurrency 32, SDK'));
  assert.deepEqual(thr.bestPeer, { id: 'mcp-hub', value: 400 });
  assert.equal(thr.floor, 500);
  assert.equal(thr.floorRatio, 1.25);
  assert.equal(thr.floorMeets, false);
  const list = t.find((x) => x.what.startsWith('tools/list over 1000 tools, SDK'));
  assert.deepEqual(list.bestPeer, { id: 'mcp-hub', value: 6 });
  assert.equal(list.floor, 5);
  assert.equal(list.floorRatio, 0.83);
  // Figures without a floor measurement (memory, start-up, CPU) have none.
  for (const x of t.filter((y) => /idle RSS|cold start|CPU view/.test(y.what))) {
    assert.equal(x.floor, null);
    assert.equal(x.floorMeets, null);
  }

  const section = renderSection(fakeResults());
  assert.ok(section.includes('| client floor | 2 | 3 | 300 | 4 | 8 | 500 | 20 (canned server) |'));
  assert.ok(section.includes('| client floor | 5 | 6 | 2 | 3 | 1 (canned server) | 1001 | 9 |'));
  assert.ok(section.includes('| client floor | n/a (not a gateway) |'));
  assert.ok(
    section.includes(
      "| figure | mcp-gateway | best peer | ratio | target | met | client floor | floor ÷ best peer | within the client's reach |",
    ),
  );
  assert.ok(
    section.includes(
      '| tools/call p50 at concurrency 1, SDK client | 1 | 3 (mcp-hub) | 0.33 | ≤ 0.5 × best peer | yes | 2 | 0.67 | no |',
    ),
  );
  assert.ok(
    section.includes(
      '| throughput at concurrency 32, SDK client | 900 | 400 (mcp-hub) | 2.25 | ≥ 2 × best peer | yes | 500 | 1.25 | no |',
    ),
  );
  assert.ok(
    section.includes(
      '| idle RSS with 50 backends | 50 | 100 (mcp-hub) | 0.5 | ≤ 1 × best peer | yes | n/a | n/a | – |',
    ),
  );
});

test('writing the section leaves every other section of the file as it was', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-report-'));
  try {
    const file = path.join(dir, 'BENCHMARKS.md');
    const before =
      '# Benchmarks\n\n## Context budget\n\ntheirs\n\n## Gateway performance\n\nold figures\n\n## Later section\n\nalso theirs\n';
    writeFileSync(file, before);
    const section = renderSection(fakeResults());
    writeDocsSection(file, section);
    const after = readFileSync(file, 'utf8');
    assert.ok(after.startsWith('# Benchmarks\n\n## Context budget\n\ntheirs\n\n## Gateway performance\n'));
    assert.ok(after.endsWith('\n## Later section\n\nalso theirs\n'));
    assert.ok(!after.includes('old figures'));
    assert.ok(after.includes('| ours | 1 | 2 | 100 |'));
    // Writing again replaces, never duplicates.
    writeDocsSection(file, section);
    assert.equal(readFileSync(file, 'utf8'), after);
    // A file without the section gets it appended.
    writeFileSync(file, '# Benchmarks\n\n## Context budget\n\ntheirs\n');
    writeDocsSection(file, section);
    assert.ok(
      readFileSync(file, 'utf8').startsWith(
        '# Benchmarks\n\n## Context budget\n\ntheirs\n\n## Gateway performance\n',
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
