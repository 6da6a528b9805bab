// Tool search evaluation: labelled requests over tools captured from real MCP servers.
//   npm run bench:search            (builds, then runs)
//   node --expose-gc bench/search/run.mjs [--dev] [--misses] [--write-docs]
// --dev         the development part only; no held-out figure is computed or printed.
// --anonymous  with --dev: also the development figures with every server renamed (s01, s02, …)
//               and untitled, a stand-in for servers whose product no list knows.
// --misses      list the development part's misses (never a held-out part's: those are only
//               ever reported as figures, so nothing is tuned on them).
// --write-docs  replace the "Tool search" section of docs/BENCHMARKS.md.
// Prints figures; never passes or fails on them.
// Parts of requests.json: "dev" (tuned on) and "held-out" were split by split.mjs; "held-out-2"
// was written later, from the tool definitions alone, after "held-out" had been reported twice,
// and is run only when a ranking change is done.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import MiniSearch from 'minisearch';

import {
  countTextTokens,
  countToolTokens,
  createMetaToolset,
  createToolSearch,
  META_TOOLS,
} from '../../dist/src-main/engine/context/index.js';
import { replaceDocsSection } from '../lib/docs.js';

const here = import.meta.dirname;
const root = join(here, '..', '..');
const args = new Set(process.argv.slice(2));
const corpus = JSON.parse(readFileSync(join(here, 'corpus.json'), 'utf8'));
const requests = JSON.parse(readFileSync(join(here, 'requests.json'), 'utf8'));
const SEP = '__';
const PARTS = ['dev', 'held-out', 'held-out-2'];

// ---------------------------------------------------------------- catalog as the gateway sees it
function catalogOf(servers, suffix = '') {
  const tools = [];
  for (const s of servers) {
    for (const t of s.tools) {
      tools.push({
        id: `${s.name}${suffix}${SEP}${t.name}`,
        server: `${s.name}${suffix}`,
        name: t.name,
        definition: t,
        tokens: 0,
        visible: true,
        hiddenReason: undefined,
      });
    }
  }
  return tools;
}

/** What the gateway knows about a server without any hand-written text: the server's own words. */
function metaServersOf(servers, suffix = '') {
  return servers.map((s) => ({
    name: `${s.name}${suffix}`,
    title: s.serverInfo?.title ?? s.serverInfo?.name,
    description: s.serverInfo?.description,
    instructions: s.instructions,
    state: 'running',
    toolCount: s.tools.length,
  }));
}

function metaFor(servers, suffixes = ['']) {
  const tools = suffixes.flatMap((x) => catalogOf(servers, x));
  const infos = suffixes.flatMap((x) => metaServersOf(servers, x));
  return {
    tools,
    meta: createMetaToolset({
      listTools: () => tools,
      callTool: async () => ({ content: [] }),
      servers: () => infos,
      pinned: () => [],
    }),
  };
}

// ---------------------------------------------------------------- plain BM25 baseline
// MiniSearch's BM25 over the tool's name words, title and description; no stemming,
// synonyms, boosts, fuzzy or prefix matching.
function plainBm25(tools) {
  const split = (text) =>
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 0);
  const index = new MiniSearch({ idField: 'id', fields: ['name', 'description'], tokenize: split });
  index.addAll(
    tools.map((t) => ({
      id: t.id,
      name: `${t.name} ${t.definition.title ?? ''}`,
      description: t.definition.description ?? '',
    })),
  );
  return (q) => index.search(q, { combineWith: 'OR' }).map((r) => String(r.id));
}

// ---------------------------------------------------------------- scoring
const { tools, meta } = metaFor(corpus.servers);
const known = new Set(tools.map((t) => t.id));
for (const r of requests) {
  if (!PARTS.includes(r.part)) {
    throw new Error(`requests.json: "${r.q}" has part "${r.part}"; use one of ${PARTS.join(', ')}`);
  }
  for (const id of r.expect) {
    if (!known.has(id)) {
      throw new Error(`requests.json: "${r.q}" expects unknown tool ${id}`);
    }
  }
}

/** Requests that share no word (4+ letters, first 4 letters compared) with any acceptable tool's name or description. */
const prefixes = (text) =>
  new Set(
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 4)
      .map((w) => w.slice(0, 4)),
  );
const byId = new Map(tools.map((t) => [t.id, t]));
function isHard(r) {
  const q = prefixes(r.q);
  return r.expect.every((id) => {
    const t = byId.get(id);
    const words = prefixes(`${t.name} ${t.definition.title ?? ''} ${t.definition.description ?? ''}`);
    return [...q].every((w) => !words.has(w));
  });
}

function evaluate(rank, part) {
  const set = requests.filter((r) => r.part === part);
  let top1 = 0;
  let top3 = 0;
  let top5 = 0;
  let rr = 0;
  let hard = 0;
  let hardTop3 = 0;
  const misses = [];
  for (const r of set) {
    const ids = rank(r.q);
    const at = ids.slice(0, 10).findIndex((id) => r.expect.includes(id)) + 1;
    if (at === 1) top1++;
    if (at >= 1 && at <= 3) top3++;
    if (at >= 1 && at <= 5) top5++;
    rr += at > 0 ? 1 / at : 0;
    if (isHard(r)) {
      hard++;
      if (at >= 1 && at <= 3) hardTop3++;
    }
    if (!(at >= 1 && at <= 3)) {
      misses.push(`${r.q} → ${r.expect.join(' | ')}; got ${ids.slice(0, 3).join(', ') || 'nothing'}`);
    }
  }
  const n = set.length;
  return {
    n,
    top1: top1 / n,
    top3: top3 / n,
    top5: top5 / n,
    mrr: rr / n,
    hard,
    hardTop3: hardTop3 / hard,
    misses,
  };
}

// Memory the search's WordNet access holds: nothing before the first search, then the index
// files' bytes plus bounded caches (Buffers count in arrayBuffers).
global.gc?.();
const memBefore = process.memoryUsage();
meta.search('let the team know the deploy is done', { limit: 8 });
global.gc?.();
const memAfter = process.memoryUsage();
const mb = (x) => (x / 1024 / 1024).toFixed(1);

const gateway = (q) => meta.search(q, { limit: 10 }).map((h) => h.id);
const bm25 = plainBm25(tools);
// --dev: development part only (while tuning, not even the held-out figures are looked at).
const devOnly = args.has('--dev');
// The development part with the hand-kept everyday lexicon off: a stand-in for words no list
// anticipated, so a signal that only helps where the lexicon already does shows up as such.
function ablated() {
  const search = createToolSearch({ lexicon: false });
  search.sync(tools, metaServersOf(corpus.servers));
  return evaluate((q) => search.search(q, { limit: 10 }).map((h) => h.id), 'dev');
}

// The development part with every server renamed (s01, s02, …) and untitled: a stand-in for
// servers whose product no list knows (tool ids stay, so the labels still apply).
function unnamed() {
  const alias = new Map(corpus.servers.map((sv, i) => [sv.name, `s${String(i + 1).padStart(2, '0')}`]));
  const search = createToolSearch();
  search.sync(
    tools.map((t) => ({ ...t, server: alias.get(t.server) })),
    metaServersOf(corpus.servers).map((sv) => ({ ...sv, name: alias.get(sv.name), title: undefined })),
  );
  return evaluate((q) => search.search(q, { limit: 10 }).map((h) => h.id), 'dev');
}

const results = {
  dev: { gateway: evaluate(gateway, 'dev'), bm25: evaluate(bm25, 'dev') },
  heldOut: devOnly ? undefined : { gateway: evaluate(gateway, 'held-out'), bm25: evaluate(bm25, 'held-out') },
  heldOut2: devOnly
    ? undefined
    : { gateway: evaluate(gateway, 'held-out-2'), bm25: evaluate(bm25, 'held-out-2') },
};
if (devOnly) {
  const d = results.dev.gateway;
  const b = results.dev.bm25;
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  console.log(
    `development (${d.n}): top-1 ${pct(d.top1)}, top-3 ${pct(d.top3)}, top-5 ${pct(d.top5)}, MRR ${d.mrr.toFixed(3)}, no-shared-word top-3 ${pct(d.hardTop3)} (${d.hard}); plain BM25 top-1 ${pct(b.top1)}, top-3 ${pct(b.top3)}`,
  );
  if (args.has('--ablate')) {
    const a = ablated();
    console.log(
      `development, lexicon off: top-1 ${pct(a.top1)}, top-3 ${pct(a.top3)}, top-5 ${pct(a.top5)}, MRR ${a.mrr.toFixed(3)}, no-shared-word top-3 ${pct(a.hardTop3)} (${a.hard})`,
    );
  }
  if (args.has('--anonymous')) {
    const a = unnamed();
    console.log(
      `development, servers unnamed: top-1 ${pct(a.top1)}, top-3 ${pct(a.top3)}, top-5 ${pct(a.top5)}, MRR ${a.mrr.toFixed(3)}`,
    );
  }
  if (args.has('--misses')) {
    console.log(`Not in the top 3 (${d.misses.length}):\n  ${d.misses.join('\n  ')}`);
  }
  if (!args.has('--costs')) {
    process.exit(0);
  }
}
// Latency and answer sizes are measured over the requests of the parts reported: with --dev,
// the development part only.
const costRequests = devOnly ? requests.filter((r) => r.part === 'dev') : requests;

// ---------------------------------------------------------------- latency over 1,000 tools
// The corpus repeated under four server names (1,048 tools), every request searched in turn.
const big = metaFor(corpus.servers, ['', '-b', '-c', '-d']);
big.meta.search('warm up', { limit: 8 });
const cold = [];
const warm = [];
for (let round = 0; round < 5; round++) {
  for (const r of costRequests) {
    const t0 = performance.now();
    big.meta.search(r.q, { limit: 8 });
    (round === 0 ? cold : warm).push(performance.now() - t0);
  }
}
const pctl = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const load = (await import('node:os')).loadavg()[0].toFixed(1);

// ---------------------------------------------------------------- tokens
const metaTokens = META_TOOLS.reduce((n, t) => n + countToolTokens(t), 0);
let answerMax = 0;
let answerSum = 0;
for (const r of costRequests) {
  const res = await meta.call('gateway__search_tools', { query: r.q }, { client: 'bench' });
  const n = countTextTokens(res.content[0].text);
  answerMax = Math.max(answerMax, n);
  answerSum += n;
}

if (devOnly) {
  const ms = (x) => `${x.toFixed(2)} ms`;
  console.log(
    `costs over ${costRequests.length} development requests, ${big.tools.length} tools (load ${load}): ` +
      `p50 / p99 warm ${ms(pctl(warm, 50))} / ${ms(pctl(warm, 99))}, cold ${ms(pctl(cold, 50))} / ${ms(pctl(cold, 99))}; ` +
      `meta listing ${metaTokens} tokens; search answer mean / max ${Math.round(answerSum / costRequests.length)} / ${answerMax} tokens`,
  );
  process.exit(0);
}

// ---------------------------------------------------------------- report
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const row = (label, e) =>
  `| ${label} | ${e.n} | ${pct(e.top1)} | ${pct(e.top3)} | ${pct(e.top5)} | ${e.mrr.toFixed(3)} | ${pct(e.hardTop3)} (${e.hard}) |`;
const totalTools = tools.length;
const section = `## Tool search

Measured by \`npm run bench:search\` on ${requests.length} requests written as people ask (effects, product
categories, outcomes; many share no word with the tool's name or description), each labelled with
every acceptable first tool (\`bench/search/requests.json\`), over ${totalTools} tools captured from
${corpus.servers.length} real MCP servers from npm (\`bench/search/corpus.json\`, refresh with
\`node bench/search/capture.mjs\`). The servers are described only by what they say about themselves
(name, title, instructions). The requests were split once, by a hash of their text, into a development
part the ranking was tuned on and a held-out part that was only ever run for these figures. The
second held-out set (${results.heldOut2.gateway.n} requests) was written later, from the tool
definitions alone, after the first had been reported twice; it is run only when a ranking change is
done.

| part | requests | top-1 | top-3 | top-5 | MRR | top-3, no shared word (n) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row('**held-out (second set), gateway search**', results.heldOut2.gateway)}
${row('held-out (second set), plain BM25', results.heldOut2.bm25)}
${row('held-out, gateway search', results.heldOut.gateway)}
${row('held-out, plain BM25', results.heldOut.bm25)}
${row('development, gateway search', results.dev.gateway)}
${row('development, plain BM25', results.dev.bm25)}
${row('development, gateway search without the everyday lexicon', ablated())}
${row('development, gateway search with the servers renamed and untitled', unnamed())}

Plain BM25 is MiniSearch over tool name words and description without stemming, synonyms or boosts.
The last row switches off the hand-kept everyday vocabulary (\`lexicon.ts\`: synonyms, everyday words,
phrases; intents and product categories stay): it stands in for words no list anticipated, so a
general signal should raise it as well as the development row. The row after it renames every
server (\`s01\`, \`s02\`, …) and drops its title, as for servers whose product no list knows.

How to read it: the second held-out set is the honest figure, and it sits about 18 points of
top-3 below the development part. The first held-out set scores about 10 points higher: the
second has more requests that share no word with their tool (37 % against 27 %), and the first,
reported after two rounds of ranking changes, was no longer fresh. Requests that share no word
with their tool carry most of the gap: the hand-kept vocabulary covers the words the development requests use far better than
the words another writer picks. That is what the lexicon-off row stands in for, and it sits
close to the second set.

What the figures come from, measured on the development part only (top-1 / top-3 / MRR), each
step kept because it raised development without lowering anything else:

| ranking | development top-1 | top-3 | MRR |
| --- | ---: | ---: | ---: |
| BM25F, WordNet, lexicon, server words, intent, annotations (the first version) | 60.2 % | 79.2 % | 0.709 |
| + second stage over the best 20: name/title coverage 0.4, explained name words 0.4 | 65.3 % | 83.8 % | 0.760 |
| + questions about what exists ask for search/read ("have you stored…", "where did we…") | 66.2 % | 85.2 % | 0.766 |
| + a file name in the request counts as "file" (\`report.doc\`, \`*.log\`) | 66.2 % | 85.6 % | 0.768 |
| + namespace words (shared by 80 % of a server's tools) are not name words; a request opening with an unknown verb takes its action from WordNet's verb senses | 66.7 % | 86.1 % | 0.770 |
| + term proximity in the second stage (0.1); an action inferred from WordNet is never a removal | 67.1 % | 86.6 % | 0.772 |
| + category words derived from the tools of servers that name no known product | 67.1 % | 86.6 % | 0.772 |

The last two steps were judged on the development part with and without the everyday lexicon
(top-1 / top-3 / top-5 / MRR without it: 42.6 % / 64.8 % / 70.4 % / 0.550 before them, 44.0 % /
65.3 % / 70.8 % / 0.560 after the first, 44.9 % / 65.3 % / 70.8 % / 0.565 after the second), so
that a gain had to come from signals that also work on words no list anticipated. The category
step changes nothing here (every server of the corpus names a known product); with the servers
renamed and untitled it lifts development from 61.6 % / 80.1 % / 87.0 % / 0.724 to 64.4 % /
82.4 % / 88.9 % / 0.746 (top-1 / top-3 / top-5 / MRR).

The held-out part was run once before these steps and once after them: top-1 50.9 % → 58.3 %,
top-3 75.0 % → 77.8 %, top-5 80.6 % → 81.5 %, MRR 0.643 → 0.694. The goal (top-1 ≥ 65 %,
top-3 ≥ 85 % on requests the search was not tuned on) is not met: the development part gains
6 points of top-3 and the held-out part under 3, so the remaining misses need more than
re-weighting — most name a domain's objects in everyday words ("recall facts about…" for a
knowledge graph's nodes, "the tracker" for a database) or an effect on a page.

Tried on the development part and not kept (figures against the step they were tried on):
WordNet synonyms and derived forms of each tool's own name and title words indexed as a weaker
field (document-side expansion, weights 0.15 to 0.5, with or without hypernyms and similar
words): 64.8–65.3 % / 83.8–84.7 % against 65.3 % / 83.8 %, no gain for a WordNet read per new
tool word at indexing; WordNet hyponyms as query forms (0.3, 0.5; all words or verbs only):
65.7–66.2 % / 85.2–86.1 % against 66.2 % / 85.6 %, within one request; crediting each tool
word once per query (the best group takes it): 63.4 % / 82.9 % against 65.3 % / 83.8 %, worse
(words that reach the same tool word reinforce each other usefully); field weights (server
words 0.5, 0.8, 2.5 against 1.5; name 4 against 3; description 1.5 against 1), form weights
(WordNet 0.2, 0.45 against 0.3), intent 0.06 and 0.2 against 0.12 and action-word weight 0.4
and 0.8 against 0.6: all equal or lower. A second stage over 10 tools was lower (64.8 % /
82.9 %), over 30 or 50 the same as over 20. Guarding Porter stems with WordNet ("edition" →
"edit", "department" → "depart"): of the 11 development words whose stem is another WordNet
word, half are right conflations that a lemma check cannot tell apart ("settings" → set,
"filings" → file, "recently" → recent), and it would fix one request; not built.

Tried with the development part and its lexicon-off variant (figures: development top-1 / top-3,
then without the lexicon, against 66.7 % / 86.1 % and 44.0 % / 65.3 %) and not kept: each
server's domain words derived from its tools (the stems many of its tools and few other servers
use, 6 to 20 words, weight 0.15 to 0.6, given to all its tools): 65.7–67.1 % / 83.3–85.6 %
and 43.5–44.0 % / 63.9–64.8 %, lower; WordNet definitions (glosses) as query forms (0.2 to
0.6): 65.7–67.1 % / 85.6–86.6 %, 42.1–43.1 % / 65.7–66.2 %, mixed (without the lexicon top-3
up by one or two requests, top-1 down by two to four); WordNet synonyms of
each tool's name words indexed with the tool (0.3 to 1): top-1 up to 68.1 % but top-3 83.8–85.6
% and 63.4–64.8 %; a first-sentence field (0.5 to 1.5), the share of query words a tool
matches anywhere (0.1 to 0.4), the MCP display title (\`annotations.title\`, mostly the name
again) as title, and weaker action words in questions about what exists (0 to 0.3 against
0.6): equal or lower; weighting each part of speech's WordNet relations by how often the word
is used so in WordNet's tagged corpus: development top-1 +1 to +2 requests but top-3 −1 on both
lines; WordNet sense counts, sense decay, hypernym weight, relation cap and form weight, and
WordNet forms weaker when the tools know the word or stronger when they do not: all within one
request either way. Giving tools whose name verb no list knows an action from WordNet changed
nothing and maps badly ("extract" → remove, "scrape" → make), which is also why an inferred
action is never a removal.

Latency was measured with a 1-minute load average of ${load} on this machine (${(await import('node:os')).cpus().length} cores).

| cost | figure |
| --- | ---: |
| search latency over ${big.tools.length} tools, p50 / p99, words seen before (${warm.length} searches) | ${pctl(warm, 50).toFixed(2)} ms / ${pctl(warm, 99).toFixed(2)} ms |
| the same, first time each word is seen (WordNet read from disk; ${cold.length} searches) | ${pctl(cold, 50).toFixed(2)} ms / ${pctl(cold, 99).toFixed(2)} ms |
| memory the first search adds (WordNet index bytes), before it: none | ${mb(memAfter.arrayBuffers - memBefore.arrayBuffers)} MB (RSS +${mb(memAfter.rss - memBefore.rss)} MB) |
| the ${META_TOOLS.length} meta tools (listing) | ${metaTokens} tokens |
| a \`gateway__search_tools\` answer (8 hits), mean / max over the requests | ${Math.round(answerSum / costRequests.length)} / ${answerMax} tokens |

Semantic ranking through an embeddings endpoint (\`gateway.search.embeddings\`, off by default) is
not in these figures. The evaluation runs offline, and no npm package ships a sentence-embedding
model's weights together with a runtime that runs them offline: the packages that wrap
transformers.js, onnxruntime, TensorFlow's Universal Sentence Encoder or fastembed all fetch the
weights from a model hub at first use, which the gateway never does. Its fusion rule, fall-backs
(timeouts, HTTP errors, malformed answers, missing vectors) and cache are tested against a
deterministic fake endpoint on 127.0.0.1 (\`src-main/engine/context/semantic.test.ts\`,
\`test/api/embeddings.test.ts\`).
`;

console.log(section);
if (args.has('--misses')) {
  const m = results.dev.gateway.misses;
  console.log(`Development requests not in the top 3 (${m.length}):\n  ${m.join('\n  ')}`);
}
if (args.has('--write-docs')) {
  const docFile = join(root, 'docs', 'BENCHMARKS.md');
  replaceDocsSection(docFile, '## Tool search', section);
  console.log(`updated ${docFile}`);
}
