import type { Tool } from '@modelcontextprotocol/client';

import type { Finding } from '../../../src-shared/api/trust.js';
import {
  lengthFinding,
  listingFacts,
  type ListingTools,
  sameNameFinding,
  shadowingFindings,
} from './listing-rules.js';
import { SCAN_RULES, type ScanRule } from './rules.js';
import { bySeverity, compile, matchAll } from './text-rules.js';
import { paramNames, toolTexts } from './tool-texts.js';

export interface Scanner {
  /**
   * Findings per server and tool name, most severe first. With `only`, just the tools it picks
   * are scanned (still against the whole listing); the others are left out of the result.
   */
  scanListing(
    listing: readonly ListingTools[],
    only?: (server: string, tool: Tool) => boolean,
  ): Map<string, Map<string, Finding[]>>;
  /** Findings for one tool, without the rules that compare it with the rest of a listing. */
  scanTool(tool: Tool): Finding[];
}

/**
 * The description scanner. Text rules are memoised per tool object (a listing's tools are kept
 * as they were received, so a rebuild of the catalog does not scan again).
 */
export function createScanner(rules: readonly ScanRule[] = SCAN_RULES): Scanner {
  const compiled = compile(rules);
  const textRules = compiled.filter((c) => c.rule.kind === 'text');
  const paramRules = compiled.filter((c) => c.rule.kind === 'param-name');
  const shadowing = rules.find((r) => r.kind === 'shadowing');
  const length = rules.find((r) => r.kind === 'length');
  const sameName = rules.find((r) => r.kind === 'same-name');
  const memo = new WeakMap<Tool, Finding[]>();

  function scanTool(tool: Tool): Finding[] {
    let found = memo.get(tool);
    if (found === undefined) {
      found = [];
      for (const t of toolTexts(tool)) {
        for (const c of textRules) {
          matchAll(c, t, found);
        }
      }
      for (const t of paramNames(tool)) {
        for (const c of paramRules) {
          matchAll(c, t, found);
        }
      }
      found.sort(bySeverity);
      memo.set(tool, found);
    }
    return found;
  }

  function scanListing(
    listing: readonly ListingTools[],
    only?: (server: string, tool: Tool) => boolean,
  ): Map<string, Map<string, Finding[]>> {
    const out = new Map<string, Map<string, Finding[]>>();
    let picked = listing;
    if (only !== undefined) {
      picked = listing.map((l) => ({ server: l.server, tools: l.tools.filter((t) => only(l.server, t)) }));
      if (picked.every((l) => l.tools.length === 0)) {
        return out; // nothing to scan: skip building the listing-wide rules
      }
    }
    const facts = listingFacts(listing, shadowing);
    for (const { server, tools } of picked) {
      const perTool = new Map<string, Finding[]>();
      for (const tool of tools) {
        const found = [...scanTool(tool)];
        if (shadowing !== undefined) {
          shadowingFindings(shadowing, facts, server, tool, found);
        }
        const long = length === undefined ? undefined : lengthFinding(length, facts, tool);
        const same = sameName === undefined ? undefined : sameNameFinding(sameName, facts, server, tool);
        found.push(...[long, same].filter((f): f is Finding => f !== undefined));
        found.sort(bySeverity);
        perTool.set(tool.name, found);
      }
      out.set(server, perTool);
    }
    return out;
  }

  return { scanListing, scanTool };
}
