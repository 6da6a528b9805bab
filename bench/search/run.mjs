// Tool search evaluation: labelled requests over tools captured from real MCP servers.
//   npm run bench:search            (builds, then runs)
//   node --expose-gc bench/search/run.mjs [--dev] [--misses] [--costs] [--write-docs]
// --dev         the tuning pool only ("dev", "held-out", "held-out-2": each part and pooled, next
//               to plain BM25, then the pool with the everyday lexicon off and with every server
//               renamed and untitled); the blind part "held-out-3" is neither searched nor printed.
// --costs       with --dev: also latency and answer sizes, over the pool's requests.
// --misses      list the pool parts' misses (never held-out-3's: that part is only ever reported
//               as figures, so nothing is tuned on it).
// --write-docs  replace the "Tool search" section of docs/BENCHMARKS.md (without --dev).
// Without --dev the headline is "held-out-3" beside plain BM25, the pool parts as rows tuned on.
// Prints figures; never passes or fails on them.
// Parts of requests.json: "dev" and "held-out" were split by split.mjs; "held-out-2" was written
// later, from the tool definitions alone, after "held-out" had been reported twice; both held-out
// parts became tuning data once reported on the ranking of that time. "held-out-3" was written
// by another writer after that and is run only for the report.
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
const PARTS = ['dev', 'held-out', 'held-out-2', 'held-out-3'];
/** The parts the ranking is tuned on; the last part of PARTS is the blind one. */
const POOL = ['dev', 'held-out', 'held-out-2'];
const BLIND = 'held-out-3';
const POOL_LABEL = {
  dev: 'development',
  'held-out': 'held-out (first set)',
  'held-out-2': 'held-out (second set)',
};

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
// --dev: the tuning pool only (while tuning, the blind part is not even searched).
const devOnly = args.has('--dev');
const evaluated = devOnly ? POOL : PARTS;
for (const r of requests) {
  if (!PARTS.includes(r.part)) {
    throw new Error(`requests.json: "${r.q}" has part "${r.part}"; use one of ${PARTS.join(', ')}`);
  }
  if (!evaluated.includes(r.part)) {
    continue;
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

/** Figures of one ranking over the requests of `parts` (one part name or a list, pooled). */
function evaluate(rank, parts) {
  const list = Array.isArray(parts) ? parts : [parts];
  const set = requests.filter((r) => list.includes(r.part));
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
      misses.push(
        `[${r.part}] ${r.q} → ${r.expect.join(' | ')}; got ${ids.slice(0, 3).join(', ') || 'nothing'}`,
      );
    }
  }
  const n = set.length;
  const share = (x, of) => (of > 0 ? x / of : 0);
  return {
    n,
    top1: share(top1, n),
    top3: share(top3, n),
    top5: share(top5, n),
    mrr: share(rr, n),
    hard,
    hardTop3: share(hardTop3, hard),
    misses,
  };
}

/** Figures of one ranking for each pool part and the pool as a whole. */
function evaluatePool(rank) {
  const out = { pool: evaluate(rank, POOL) };
  for (const part of POOL) {
    out[part] = evaluate(rank, part);
  }
  return out;
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
// The pool with the hand-kept everyday lexicon off: a stand-in for words no list anticipated,
// so a signal that only helps where the lexicon already does shows up as such.
function lexiconOff() {
  const search = createToolSearch({ lexicon: false });
  search.sync(tools, metaServersOf(corpus.servers));
  return evaluatePool((q) => search.search(q, { limit: 10 }).map((h) => h.id));
}

// The pool with every server renamed (s01, s02, …) and untitled: a stand-in for servers whose
// product no list knows (tool ids stay, so the labels still apply).
function unnamed() {
  const alias = new Map(corpus.servers.map((sv, i) => [sv.name, `s${String(i + 1).padStart(2, '0')}`]));
  const search = createToolSearch();
  search.sync(
    tools.map((t) => ({ ...t, server: alias.get(t.server) })),
    metaServersOf(corpus.servers).map((sv) => ({ ...sv, name: alias.get(sv.name), title: undefined })),
  );
  return evaluatePool((q) => search.search(q, { limit: 10 }).map((h) => h.id));
}

const results = {
  gateway: evaluatePool(gateway),
  bm25: evaluatePool(bm25),
  lexiconOff: lexiconOff(),
  unnamed: unnamed(),
  blind: devOnly ? undefined : { gateway: evaluate(gateway, BLIND), bm25: evaluate(bm25, BLIND) },
};
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const poolMisses = () => POOL.flatMap((part) => results.gateway[part].misses);
if (devOnly) {
  const line = (e) =>
    `top-1 ${pct(e.top1)}, top-3 ${pct(e.top3)}, top-5 ${pct(e.top5)}, MRR ${e.mrr.toFixed(3)}, ` +
    `no-shared-word top-3 ${pct(e.hardTop3)} (${e.hard})`;
  for (const part of [...POOL, 'pool']) {
    const label = part === 'pool' ? `pool (${POOL.join(' + ')})` : POOL_LABEL[part];
    const g = results.gateway[part];
    const b = results.bm25[part];
    console.log(`${label} (${g.n}): ${line(g)}; plain BM25 top-1 ${pct(b.top1)}, top-3 ${pct(b.top3)}`);
  }
  for (const [label, r] of [
    ['lexicon off', results.lexiconOff],
    ['servers unnamed', results.unnamed],
  ]) {
    const parts = POOL.map((part) => `${part} ${pct(r[part].top1)} / ${pct(r[part].top3)}`).join(', ');
    console.log(`pool, ${label}: ${line(r.pool)}; per part top-1 / top-3: ${parts}`);
  }
  if (args.has('--misses')) {
    const m = poolMisses();
    console.log(`Not in the top 3 (${m.length}):\n  ${m.join('\n  ')}`);
  }
  if (!args.has('--costs')) {
    process.exit(0);
  }
}
// Latency and answer sizes are measured over the requests of the parts reported: with --dev,
// the pool's only.
const costRequests = requests.filter((r) => evaluated.includes(r.part));

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
    `costs over ${costRequests.length} pool requests, ${big.tools.length} tools (load ${load}): ` +
      `p50 / p99 warm ${ms(pctl(warm, 50))} / ${ms(pctl(warm, 99))}, cold ${ms(pctl(cold, 50))} / ${ms(pctl(cold, 99))}; ` +
      `meta listing ${metaTokens} tokens; search answer mean / max ${Math.round(answerSum / costRequests.length)} / ${answerMax} tokens`,
  );
  process.exit(0);
}

// ---------------------------------------------------------------- report
const row = (label, e) =>
  `| ${label} | ${e.n} | ${pct(e.top1)} | ${pct(e.top3)} | ${pct(e.top5)} | ${e.mrr.toFixed(3)} | ${pct(e.hardTop3)} (${e.hard}) |`;
const totalTools = tools.length;
const poolRows = POOL.toReversed()
  .map((part) => row(`tuned on: ${POOL_LABEL[part]}, gateway search`, results.gateway[part]))
  .join('\n');
const section = `## Tool search

Measured by \`npm run bench:search\` on ${requests.length} requests written as people ask (effects, product
categories, outcomes; many share no word with the tool's name or description), each labelled with
every acceptable first tool (\`bench/search/requests.json\`), over ${totalTools} tools captured from
${corpus.servers.length} real MCP servers from npm (\`bench/search/corpus.json\`, refresh with
\`node bench/search/capture.mjs\`). The servers are described only by what they say about themselves
(name, title, instructions). The headline is the third held-out set (${results.blind.gateway.n} requests),
written by another writer from the tool definitions alone, never searched while tuning and run
only for these figures. The rest is the pool the ranking was tuned on: the development part and a first
held-out part (split once by a hash of their text), and a second held-out set written later from
the tool definitions alone; each held-out set became tuning data once it had been reported.

| part | requests | top-1 | top-3 | top-5 | MRR | top-3, no shared word (n) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${row('**held-out (third set), gateway search**', results.blind.gateway)}
${row('held-out (third set), plain BM25', results.blind.bm25)}
${poolRows}
${row('tuned on: the pool, gateway search', results.gateway.pool)}
${row('tuned on: the pool, plain BM25', results.bm25.pool)}
${row('tuned on: the pool, gateway search without the everyday lexicon', results.lexiconOff.pool)}
${row('tuned on: the pool, gateway search with the servers renamed and untitled', results.unnamed.pool)}

Plain BM25 is MiniSearch over tool name words and description without stemming, synonyms or boosts.
The lexicon-off row switches off the hand-kept everyday vocabulary (\`lexicon.ts\`: synonyms, everyday
words, phrases; intents and product categories stay): it stands in for words no list anticipated,
so a general signal should raise it as well as the pool. The last row renames every server
(\`s01\`, \`s02\`, …) and drops its title, as for servers whose product no list knows.

How to read it: the third set, run once on the ranking with word vectors, scores below the second
set did on the ranking before them (top-3 ${pct(results.blind.gateway.top3)} against 68.1 %), and it is harder
for plain BM25 too (${pct(results.blind.bm25.top3)} against 35.7 %): ${results.blind.gateway.hard} of its ${results.blind.gateway.n} requests share
no content word with their tool, and its writer used product nicknames, effects and outcomes that
no list anticipated. What carries over from set to set is the lift over plain BM25 (+${(100 * (results.blind.gateway.top3 - results.blind.bm25.top3)).toFixed(1)} points
of top-3 here, +32.4 on the second set), not the pool's level: the pool, tuned on, sits
${(100 * (results.gateway.pool.top3 - results.blind.gateway.top3)).toFixed(1)} points higher. The goal (top-1 ≥ 65 %, top-3 ≥ 85 % on requests the search was
not tuned on) is not met; the held-out sets show that hand-kept vocabulary does not reach it, and
the one general signal that ships offline (word vectors) moved the pool by half a point of top-3.
A fourth held-out set is needed before the next ranking change is reported.

Before the third set, the second held-out set was the honest figure: run once on the finished
ranking of that time it scored top-1 49.8 %, top-3 68.1 % (plain BM25 25.5 % / 35.7 %) against
67.1 % / 86.6 % on the development part, and the first held-out set, reported after two rounds of
ranking changes and no longer fresh, 60.2 % / 78.7 %. Requests that share no word with their tool
carried most of that gap (37 % of the second set against 27 % of the first): the hand-kept
vocabulary covered the words the development requests use far better than the words another
writer picks, and the lexicon-off variant of the development part (44.9 % / 65.3 %) sat close to
the second set. Both held-out sets then joined the development part as the tuning pool.

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
top-3 ≥ 85 % on requests the search was not tuned on) was not met then: the development part gains
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

Then on the tuning pool (all three parts; figures top-1 / top-3 / MRR, and without the everyday
lexicon top-1 / top-3), a signal that needs no list: nearness in meaning from word vectors that
ship with the gateway (GloVe, 100 dimensions, 45,000 words as int8, 4.8 MB; context README,
"Word vectors"), the cosine of the tool's and the request's mean word vectors added with weight
0.2, scaled min–max over the tools ranked.

| ranking | pool top-1 | top-3 | MRR | without the lexicon top-1 | top-3 |
| --- | ---: | ---: | ---: | ---: | ---: |
| before word vectors | 58.5 % | 77.3 % | 0.693 | 42.6 % | 61.4 % |
| + word vectors: mean vectors (name 3, title 2, description 1; idf × SIF 10,000), half the common direction off, weight 0.2 | 60.5 % | 77.8 % | 0.706 | 43.6 % | 62.3 % |

Per part (top-1 / top-3 in requests, before → after): development 145 / 187 → 149 / 186, first
held-out set 65 / 85 → 62 / 85, second 117 / 160 → 127 / 164; without the lexicon 97 / 141 →
97 / 144, 44 / 64 → 41 / 61, 97 / 138 → 106 / 143. With the servers renamed and untitled the pool
went from 58.0 % / 75.0 % to 57.8 % / 76.0 %. The gain is small and uneven: news-trained vectors
put "forget" next to "remember" and "truck" next to "crash", and many tool words ("json",
"repo", "config") are rare in their corpus or missing from the 45,000 kept.

Tried on the pool and not kept (against 58.5 % / 77.3 % and 42.6 % / 61.4 % without the lexicon):
the nearest tool words of a query word as weak query forms (5 nearest, cosine at least 0.4 to
0.6, weight 0.3 to 0.5 times the cosine; for words no tool uses as written, for words no form
reached, or for every word; with the 1,000 or 3,000 most frequent English words left out as
targets or as query words): 57.1–58.5 % / 76.9–77.6 % and 41.0–42.9 % / 61.2–61.9 %, within two
requests or lower (a query word's nearest words are as often its opposites or its company in
news text as its meaning); mean vectors weighted by idf alone, with the common direction kept
(weight 0.1 to 0.4, cosine raw or min–max, name weight 1 to 6, title 1 to 3, the description's
first sentence or its first 120 to 1,200 characters, the 20 tools nearest in meaning added as
candidates): 57.6–59.2 % / 76.6–78.5 % and 41.5–42.9 % / 60.6–62.3 %, top-1 without the lexicon
lower in most; the whole common direction off: 58.3–59.7 % / 76.4–77.6 % and 41.1–44.4 % /
61.5–62.8 %, the first held-out set losing 3 to 6 requests of top-3; SIF 1,000, 3,000 or 30,000,
weight 0.15 or 0.25, or 0.3 of the common direction off: 57.6–60.3 % / 77.1–78.2 % and
42.4–44.2 % / 61.9–62.4 %, none better on both lines; the server's own words in each tool's
mean vector (weight 0.3 to 1, its first 100 to 600 characters): 59.9–60.5 % / 77.5–77.8 % and
43.3–43.6 % / 62.4–62.8 % against the kept 60.5 % / 77.8 % and 43.6 % / 62.3 %, within one
request; a second-stage lift for query words near the tool's own name and title words (0.1 to
0.3 times the mean best cosine, counted from 0.4 to 0.6): 59.6–60.3 % / 77.1–77.8 % and
42.6–43.3 % / 60.6–62.3 %, lower. The kept vocabulary was chosen by how many
of the pool's query words and the tools' words it covers: 40,000 words, 20,000 by frequency, then
WordNet's (90.4 % of query words, 87.7 % of tool words, 4.3 MB); counting inflections of WordNet
words 91.6 % / 90.6 %; 45,000 with 30,000 by frequency 92.3 % / 91.2 % (4.8 MB, kept).

Latency was measured with a 1-minute load average of ${load} on this machine (${(await import('node:os')).cpus().length} cores).

| cost | figure |
| --- | ---: |
| search latency over ${big.tools.length} tools, p50 / p99, words seen before (${warm.length} searches) | ${pctl(warm, 50).toFixed(2)} ms / ${pctl(warm, 99).toFixed(2)} ms |
| the same, first time each word is seen (WordNet read from disk; ${cold.length} searches) | ${pctl(cold, 50).toFixed(2)} ms / ${pctl(cold, 99).toFixed(2)} ms |
| memory the first search adds (WordNet index bytes, word vectors), before it: none | ${mb(memAfter.arrayBuffers - memBefore.arrayBuffers)} MB (RSS +${mb(memAfter.rss - memBefore.rss)} MB) |
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
  const m = poolMisses();
  console.log(`Pool requests not in the top 3 (${m.length}):\n  ${m.join('\n  ')}`);
}
if (args.has('--write-docs')) {
  const docFile = join(root, 'docs', 'BENCHMARKS.md');
  replaceDocsSection(docFile, '## Tool search', section);
  console.log(`updated ${docFile}`);
}
