// Context budget and meta mode benchmark.
//   npx tsc -b && node bench/context/run.mjs [--capture] [--write-docs]
// --capture      re-launch the servers and refresh corpus.json first (otherwise the saved corpus
//                is used, or captured when missing).
// --write-docs   replace the "Context budget and meta mode" section of docs/BENCHMARKS.md.
// Prints figures; never passes or fails on them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  compactTool,
  countToolTokens,
  createMetaToolset,
  META_TOOLS,
  selectTools,
} from '../../dist/src-main/engine/context/index.js';
import { replaceDocsSection } from '../lib/docs.js';
import { captureCorpus } from './capture.mjs';

const here = import.meta.dirname;
const root = join(here, '..', '..');
const corpusFile = join(here, 'corpus.json');
const args = new Set(process.argv.slice(2));

if (args.has('--capture') || !existsSync(corpusFile)) {
  const fresh = await captureCorpus();
  writeFileSync(corpusFile, `${JSON.stringify(fresh, null, 1)}\n`);
}
const corpus = JSON.parse(readFileSync(corpusFile, 'utf8'));
const queries = JSON.parse(readFileSync(join(here, 'queries.json'), 'utf8'));

// ---------------------------------------------------------------- token figures
const SEP = '__';
const perServer = corpus.servers.map((s) => ({ server: s.name, tools: s.tools }));
const full = selectTools(perServer, { compaction: false });
const compacted = selectTools(perServer, { compaction: true });
const metaTokens = META_TOOLS.reduce((n, t) => n + countToolTokens(t), 0);

const rows = corpus.servers.map((s) => {
  const fullTokens = s.tools.reduce((n, t) => n + countToolTokens(t), 0);
  const compactTokens = s.tools.reduce((n, t) => n + countToolTokens(compactTool(t)), 0);
  return { name: s.name, tools: s.tools.length, fullTokens, compactTokens };
});

// ---------------------------------------------------------------- search quality
const catalogTools = full.entries.map((e) => ({
  id: `${e.server}${SEP}${e.name}`,
  server: e.server,
  name: e.name,
  definition: e.tool,
  tokens: e.tokens,
  visible: true,
  hiddenReason: undefined,
}));
const meta = createMetaToolset({
  listTools: () => catalogTools,
  callTool: async () => ({ content: [] }),
  servers: () =>
    corpus.servers.map((s) => ({
      name: s.name,
      description: s.description,
      state: 'running',
      toolCount: s.tools.length,
    })),
  pinned: () => [],
});
const known = new Set(catalogTools.map((t) => t.id));
let top1 = 0;
let top3 = 0;
let rr = 0;
const misses = [];
for (const { q, expect } of queries) {
  for (const id of expect) {
    if (!known.has(id)) {
      throw new Error(`queries.json: "${q}" expects unknown tool ${id}`);
    }
  }
  const ids = meta.search(q, { limit: 10 }).map((h) => h.id);
  const rank = ids.findIndex((id) => expect.includes(id)) + 1;
  if (rank === 1) {
    top1++;
  }
  if (rank >= 1 && rank <= 3) {
    top3++;
  } else {
    misses.push(`${q} → expected ${expect.join(' | ')}, got ${ids.slice(0, 3).join(', ') || 'nothing'}`);
  }
  rr += rank > 0 ? 1 / rank : 0;
}
const n = queries.length;
const pct = (x) => `${((100 * x) / n).toFixed(1)} %`;
const totalTools = rows.reduce((a, r) => a + r.tools, 0);

// A search costs a query and a short answer; measure a typical one.
const sampleAnswer = await meta.call(
  'gateway__search_tools',
  { query: 'create an issue' },
  { client: 'bench' },
);
const { countTextTokens } = await import('../../dist/src-main/engine/context/tokens.js');
const searchAnswerTokens = countTextTokens(sampleAnswer.content[0].text);

// ---------------------------------------------------------------- report
const table = [
  '| server | tools | tokens (full) | tokens (compacted) |',
  '| --- | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${r.tools} | ${r.fullTokens} | ${r.compactTokens} |`),
  `| **total** | **${totalTools}** | **${full.totals.allTokens}** | **${compacted.totals.visibleTokens}** |`,
].join('\n');

const saving = full.totals.allTokens - compacted.totals.visibleTokens;
const section = `## Context budget and meta mode

Measured by \`node bench/context/run.mjs\` (after \`npx tsc -b\`) on a corpus captured from ${rows.length} real MCP
servers launched from node_modules over stdio (\`bench/context/corpus.json\`, refresh with \`--capture\`).
Tokens are o200k_base (gpt-tokenizer) over the JSON of each tool definition (name, description,
input and output schema), as a client puts it into the model's context.

${table}

| what the model sees | tokens |
| --- | ---: |
| every tool, as the servers list them | ${full.totals.allTokens} |
| every tool, compaction on | ${compacted.totals.visibleTokens} (−${saving}, ${((100 * saving) / full.totals.allTokens).toFixed(1)} %) |
| meta mode: the ${META_TOOLS.length} meta tools | **${metaTokens}** (goal < 500) |
| one typical \`gateway__search_tools\` answer (8 hits) | ${searchAnswerTokens} |

Meta mode costs ${((100 * metaTokens) / full.totals.allTokens).toFixed(1)} % of the full listing up front, whatever the number of servers.

Search quality on ${n} labelled natural-language requests (\`bench/context/queries.json\`; a hit is any
of the expected tool ids for that request). These are the requests the search was first built on,
so they overstate it: on requests written by others and never tuned on, see "Tool search" below
(its held-out figures are the honest ones).

| top-1 | top-3 (goal ≥ 90 %) | MRR |
| ---: | ---: | ---: |
| ${pct(top1)} | ${pct(top3)} | ${(rr / n).toFixed(3)} |
`;

console.log(section);
if (misses.length > 0) {
  console.log(`Not in the top 3 (${misses.length}):\n  ${misses.join('\n  ')}`);
}

if (args.has('--write-docs')) {
  const docFile = join(root, 'docs', 'BENCHMARKS.md');
  replaceDocsSection(docFile, '## Context budget and meta mode', section);
  console.log(`updated ${docFile}`);
}
