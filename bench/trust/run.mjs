// Run the description scanner over the tools of the 17 real MCP servers from npm captured in
// bench/search/corpus.json (refresh it with `node bench/search/capture.mjs`), all in one listing
// as one gateway would see them, and print how many tools each rule flags and why.
//   npx tsc -b && node bench/trust/run.mjs [--details]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const { createScanner } = await import('../../dist/src-main/engine/trust/index.js');

const corpus = JSON.parse(readFileSync(join(root, 'bench/search/corpus.json'), 'utf8'));
const listing = corpus.servers.map((s) => ({ server: s.name, tools: s.tools }));
const found = createScanner().scanListing(listing);

const details = process.argv.includes('--details');
const rows = [];
const byRule = new Map();
let tools = 0;
let flagged = 0;
let high = 0;
for (const { server, tools: list } of listing) {
  const perTool = found.get(server);
  let f = 0;
  const rules = new Set();
  for (const t of list) {
    tools += 1;
    const findings = perTool?.get(t.name) ?? [];
    if (findings.length > 0) {
      f += 1;
      flagged += 1;
    }
    if (findings.some((x) => x.severity === 'high')) {
      high += 1;
    }
    for (const x of findings) {
      rules.add(x.rule);
      const r = byRule.get(x.rule) ?? { severity: x.severity, tools: new Set(), examples: [] };
      r.tools.add(`${server}/${t.name}`);
      if (r.examples.length < 3) {
        r.examples.push(`${server}/${t.name}: ${x.field} "${x.text.slice(0, 60)}"`);
      }
      byRule.set(x.rule, r);
      if (details) {
        console.log(
          `${server}/${t.name}\t${x.severity}\t${x.rule}\t${x.field}\t${JSON.stringify(x.text.slice(0, 80))}`,
        );
      }
    }
  }
  rows.push(`| ${server} | ${list.length} | ${f} | ${[...rules].join(', ') || '—'} |`);
}
console.log(`captured ${corpus.capturedAt}; ${listing.length} servers, ${tools} tools\n`);
console.log('| server | tools | flagged | rules |\n| --- | ---: | ---: | --- |');
console.log(rows.join('\n'));
console.log(`| **total** | **${tools}** | **${flagged}** | high severity: **${high}** |\n`);
console.log('| rule | severity | tools | e.g. |\n| --- | --- | ---: | --- |');
for (const [rule, r] of [...byRule].sort((a, b) => b[1].tools.size - a[1].tools.size)) {
  console.log(
    `| ${rule} | ${r.severity} | ${r.tools.size} | ${r.examples[0]?.replaceAll('|', '\\|') ?? ''} |`,
  );
}
