// Check the labelled requests of the search evaluation against the captured tools: every entry has a
// text, a non-empty list of expected ids and a part; every expected id is `<server>__<tool>` of a tool
// in corpus.json; no id repeats within one entry; and no two texts are the same once lowercased with
// punctuation and extra spaces removed. Prints the count per part and exits 1 on the first kind of
// problem found, listing every offending entry by its index.
//   node bench/search/check-requests.mjs [requests.json] [corpus.json]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const requestsPath = process.argv[2] ?? join(here, 'requests.json');
const corpusPath = process.argv[3] ?? join(here, 'corpus.json');

/** Lowercase, punctuation stripped, whitespace collapsed: two texts equal here are the same request. */
export function normaliseRequest(text) {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every problem in `requests` measured against the tool ids of `corpus`, as readable lines. */
export function checkRequests(requests, corpus) {
  const ids = new Set(corpus.servers.flatMap((s) => s.tools.map((t) => `${s.name}__${t.name}`)));
  const problems = [];
  const seen = new Map();
  if (!Array.isArray(requests)) return ['requests.json must hold an array of { q, expect, part }'];
  requests.forEach((r, i) => {
    const at = `request #${i}`;
    if (typeof r?.q !== 'string' || r.q.trim() === '') problems.push(`${at}: "q" must be a non-empty text`);
    if (typeof r?.part !== 'string' || r.part === '') problems.push(`${at}: "part" must be a non-empty text`);
    if (!Array.isArray(r?.expect) || r.expect.length === 0) {
      problems.push(`${at}: "expect" must list at least one tool id`);
      return;
    }
    for (const id of r.expect) {
      if (!ids.has(id)) problems.push(`${at}: unknown tool id ${JSON.stringify(id)} (not in corpus.json)`);
    }
    if (new Set(r.expect).size !== r.expect.length) problems.push(`${at}: "expect" repeats an id`);
    if (typeof r.q === 'string') {
      const key = normaliseRequest(r.q);
      if (seen.has(key)) problems.push(`${at}: same text as request #${seen.get(key)}`);
      else seen.set(key, i);
    }
  });
  return problems;
}

if (process.argv[1] === import.meta.filename) {
  const requests = JSON.parse(readFileSync(requestsPath, 'utf8'));
  const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
  const problems = checkRequests(requests, corpus);
  const parts = {};
  for (const r of Array.isArray(requests) ? requests : []) parts[r.part] = (parts[r.part] ?? 0) + 1;
  console.log(`${requests.length} requests:`, parts);
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    console.error(`${problems.length} problem(s): fix the entries above in ${requestsPath}`);
    process.exit(1);
  }
  console.log('every expected id exists in corpus.json and no text repeats');
}
