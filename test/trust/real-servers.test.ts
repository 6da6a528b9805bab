import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Tool } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

import { createScanner } from '../../src-main/engine/trust/index.js';
import { ROOT } from '../lib/paths.js';

/**
 * The false-positive check: the tools of 17 real MCP servers from npm, as they listed them
 * (`bench/search/capture.mjs` launches them over stdio and saves what they list).
 */
const corpus = JSON.parse(readFileSync(path.join(ROOT, 'bench/search/corpus.json'), 'utf8')) as {
  servers: { name: string; tools: Tool[] }[];
};

describe('the description scanner on real servers', () => {
  const listing = corpus.servers.map((s) => ({ server: s.name, tools: s.tools }));
  const found = createScanner().scanListing(listing);

  it('covers at least 15 real servers', () => {
    expect(listing.length).toBeGreaterThanOrEqual(15);
    expect(listing.reduce((n, s) => n + s.tools.length, 0)).toBeGreaterThan(200);
  });

  it('holds back no ordinary real tool: no high-severity finding', () => {
    const high = listing.flatMap(({ server, tools }) =>
      tools.flatMap((t) =>
        (found.get(server)?.get(t.name) ?? [])
          .filter((f) => f.severity === 'high')
          .map((f) => `${server}/${t.name}: ${f.rule} "${f.text}"`),
      ),
    );
    expect(high).toEqual([]);
  });

  it('flags little at medium severity', () => {
    const medium = listing.flatMap(({ server, tools }) =>
      tools
        .filter((t) => (found.get(server)?.get(t.name) ?? []).some((f) => f.severity === 'medium'))
        .map((t) => `${server}/${t.name}`),
    );
    expect(medium.length).toBeLessThanOrEqual(3);
  });
});
