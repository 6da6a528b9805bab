// One-time split of the evaluation requests into a development part (tuned on) and a held-out
// part (about a third, run only to report). The split depends on nothing but each request's
// text: sha256, first byte modulo 3 = 0 goes to held-out. The result is committed in
// requests.json (the "part" of each request) and never recomputed for existing requests.
//   node bench/search/split.mjs lines.txt > bench/search/requests.json
// Each input line: `request => tool-id | tool-id …` (every acceptable first tool).
// The second held-out set ("part": "held-out-2") does not come from this split: it was written
// later, from the tool definitions alone, after the first held-out part had been reported twice,
// and appended to requests.json; it is run only when a ranking change is done. This script writes
// the whole file, so keep those entries when re-running it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0);
const out = lines.map((line) => {
  const [q, ids] = line.split(' => ');
  const part = createHash('sha256').update(q.trim()).digest()[0] % 3 === 0 ? 'held-out' : 'dev';
  return { q: q.trim(), expect: ids.split('|').map((s) => s.trim()), part };
});
process.stdout.write(`[\n${out.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`);
