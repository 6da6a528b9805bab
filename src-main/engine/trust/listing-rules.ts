import type { Tool } from '@modelcontextprotocol/client';

import type { Finding } from '../../../src-shared/api/trust.js';
import type { LengthRule, SameNameRule, ShadowingRule } from './rules.js';
import { MAX_FINDINGS, visibleText } from './text-rules.js';
import { toolTexts } from './tool-texts.js';

/** One server's tools as a listing has them. */
export interface ListingTools {
  server: string;
  tools: readonly Tool[];
}

/** What the rules comparing a tool with the rest of its listing need, built once per listing. */
export interface ListingFacts {
  /** Tool name → the servers offering it. */
  owners: Map<string, Set<string>>;
  /** Distinctive tool names of the listing, longest first (absent with one server or none). */
  shadowRe: RegExp | undefined;
  medianLength: number;
}

function isDistinctive(name: string, minLength: number): boolean {
  // A plain word ("search", "status") is ordinary prose; snake_case, kebab-case and camelCase names are not.
  return name.length >= minLength && /[_-]|[a-z][A-Z]/.test(name);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function median(values: number[]): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function listingFacts(
  listing: readonly ListingTools[],
  shadowing: ShadowingRule | undefined,
): ListingFacts {
  const owners = new Map<string, Set<string>>();
  for (const { server, tools } of listing) {
    for (const t of tools) {
      let s = owners.get(t.name);
      if (s === undefined) {
        s = new Set();
        owners.set(t.name, s);
      }
      s.add(server);
    }
  }
  let shadowRe: RegExp | undefined;
  if (shadowing !== undefined && listing.length > 1) {
    const names = [...owners.keys()].filter((n) => isDistinctive(n, shadowing.minNameLength));
    if (names.length > 0) {
      names.sort((a, b) => b.length - a.length);
      shadowRe = new RegExp(`(?<![\\w-])(?:${names.map(escapeRegExp).join('|')})(?![\\w-])`, 'g');
    }
  }
  const medianLength = median(listing.flatMap((l) => l.tools.map((t) => t.description?.length ?? 0)));
  return { owners, shadowRe, medianLength };
}

/** Another server's distinctive tool name in this tool's texts (not its name). */
export function shadowingFindings(
  rule: ShadowingRule,
  facts: ListingFacts,
  server: string,
  tool: Tool,
  found: Finding[],
): void {
  const re = facts.shadowRe;
  if (re === undefined) {
    return;
  }
  for (const t of toolTexts(tool)) {
    if (t.field === 'name') {
      continue;
    }
    re.lastIndex = 0;
    for (let m = re.exec(t.text); m !== null && found.length < MAX_FINDINGS; m = re.exec(t.text)) {
      const servers = facts.owners.get(m[0]);
      if (servers === undefined || servers.has(server)) {
        continue; // its own server's tool: ordinary cross-reference
      }
      found.push({
        rule: rule.id,
        severity: rule.severity,
        message: `${rule.message} ("${m[0]}" belongs to ${[...servers].map((s) => `"${s}"`).join(', ')})`,
        field: t.field,
        start: m.index,
        end: m.index + m[0].length,
        text: m[0],
      });
    }
  }
}

/** A description far longer than the listing's median. */
export function lengthFinding(rule: LengthRule, facts: ListingFacts, tool: Tool): Finding | undefined {
  const desc = tool.description ?? '';
  if (desc.length < rule.minChars || desc.length <= rule.factor * facts.medianLength) {
    return undefined;
  }
  return {
    rule: rule.id,
    severity: rule.severity,
    message: `${rule.message} (${desc.length} characters; the median here is ${facts.medianLength})`,
    field: 'description',
    start: 0,
    end: desc.length,
    text: visibleText(desc.slice(0, 80)),
  };
}

/** The same tool name offered by other servers of the listing. */
export function sameNameFinding(
  rule: SameNameRule,
  facts: ListingFacts,
  server: string,
  tool: Tool,
): Finding | undefined {
  const others = [...(facts.owners.get(tool.name) ?? [])].filter((s) => s !== server);
  if (others.length === 0) {
    return undefined;
  }
  return {
    rule: rule.id,
    severity: rule.severity,
    message: `${rule.message} (${others.map((s) => `"${s}"`).join(', ')})`,
    field: 'name',
    start: 0,
    end: tool.name.length,
    text: tool.name,
  };
}
