import type { Tool } from '@modelcontextprotocol/client';

import type { Finding } from '../../../src-shared/api/trust.js';
import { SCAN_RULES, type ScanRule, type TextRule } from './rules.js';

/** One text a model reads, and where it sits in the definition. */
interface Text {
  field: string;
  text: string;
}

/** Bounds: a hostile listing must not make the scan slow or its answer large. */
const MAX_TEXTS = 2_000;
const MAX_DEPTH = 24;
const MAX_FINDINGS = 50;
const MAX_SPAN_TEXT = 200;

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** The name, title, description and every schema title/description of a tool, with their paths. */
function toolTexts(tool: Tool): Text[] {
  const out: Text[] = [{ field: 'name', text: tool.name }];
  const push = (field: string, v: unknown) => {
    if (typeof v === 'string' && v.length > 0 && out.length < MAX_TEXTS) {
      out.push({ field, text: v });
    }
  };
  push('title', tool.title);
  push('description', tool.description);
  push('annotations.title', (tool.annotations as { title?: unknown } | undefined)?.title);
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH || out.length >= MAX_TEXTS || node === null || typeof node !== 'object') {
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((n, i) => walk(n, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'description' || k === 'title') && typeof v === 'string') {
        push(`${path}.${k}`, v);
      } else if (typeof v === 'object') {
        walk(v, `${path}.${k}`, depth + 1);
      }
    }
  };
  walk(tool.inputSchema, 'inputSchema', 0);
  walk(tool.outputSchema, 'outputSchema', 0);
  return out;
}

/** Property names of the input schema at any depth, with their paths. */
function paramNames(tool: Tool): Text[] {
  const out: Text[] = [];
  const walk = (schema: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH || out.length >= MAX_TEXTS || schema === null || typeof schema !== 'object') {
      return;
    }
    const props = (schema as { properties?: unknown }).properties;
    if (props !== null && typeof props === 'object' && !Array.isArray(props)) {
      for (const [k, v] of Object.entries(props)) {
        out.push({ field: `${path}.properties.${k}`, text: k });
        walk(v, `${path}.properties.${k}`, depth + 1);
      }
    }
    const items = (schema as { items?: unknown }).items;
    if (items !== undefined) {
      walk(items, `${path}.items`, depth + 1);
    }
  };
  walk(tool.inputSchema, 'inputSchema', 0);
  return out;
}

/** Invisible and control characters written as `\u{…}` so a finding's text can be read. */
function visibleText(s: string): string {
  // Control characters are the point of this pattern: they are what must be made readable.
  const shown = s.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000B-\u001F\u007F\u00A0\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF\u{E0000}-\u{E007F}]/gu,
    (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`,
  );
  return shown.length > MAX_SPAN_TEXT ? `${shown.slice(0, MAX_SPAN_TEXT)}…` : shown;
}

function hasBase64Mix(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);
}

interface CompiledText {
  rule: TextRule;
  re: RegExp;
}

function compile(rules: readonly ScanRule[]): CompiledText[] {
  return rules
    .filter((r): r is TextRule => r.kind === 'text' || r.kind === 'param-name')
    .map((rule) => ({ rule, re: new RegExp(rule.pattern, `${(rule.flags ?? '').replace('g', '')}g`) }));
}

function matchAll(c: CompiledText, t: Text, out: Finding[]): void {
  c.re.lastIndex = 0;
  for (let m = c.re.exec(t.text); m !== null && out.length < MAX_FINDINGS; m = c.re.exec(t.text)) {
    if (m[0].length === 0) {
      c.re.lastIndex += 1;
      continue;
    }
    if (c.rule.check === 'base64' && !hasBase64Mix(m[0])) {
      continue;
    }
    out.push({
      rule: c.rule.id,
      severity: c.rule.severity,
      message: c.rule.message,
      field: t.field,
      start: m.index,
      end: m.index + m[0].length,
      text: visibleText(m[0]),
    });
  }
}

interface ListingTools {
  server: string;
  tools: readonly Tool[];
}

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

function bySeverity(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.field.localeCompare(b.field) ||
    a.start - b.start
  );
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
    // name → servers offering it (for shadowing and same-name)
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

    for (const { server, tools } of picked) {
      const perTool = new Map<string, Finding[]>();
      for (const tool of tools) {
        const found = [...scanTool(tool)];
        if (shadowRe !== undefined && shadowing !== undefined) {
          for (const t of toolTexts(tool)) {
            if (t.field === 'name') {
              continue;
            }
            shadowRe.lastIndex = 0;
            for (
              let m = shadowRe.exec(t.text);
              m !== null && found.length < MAX_FINDINGS;
              m = shadowRe.exec(t.text)
            ) {
              const servers = owners.get(m[0]);
              if (servers === undefined || servers.has(server)) {
                continue; // its own server's tool: ordinary cross-reference
              }
              found.push({
                rule: shadowing.id,
                severity: shadowing.severity,
                message: `${shadowing.message} ("${m[0]}" belongs to ${[...servers].map((s) => `"${s}"`).join(', ')})`,
                field: t.field,
                start: m.index,
                end: m.index + m[0].length,
                text: m[0],
              });
            }
          }
        }
        const desc = tool.description ?? '';
        if (
          length !== undefined &&
          desc.length >= length.minChars &&
          desc.length > length.factor * medianLength
        ) {
          found.push({
            rule: length.id,
            severity: length.severity,
            message: `${length.message} (${desc.length} characters; the median here is ${medianLength})`,
            field: 'description',
            start: 0,
            end: desc.length,
            text: visibleText(desc.slice(0, 80)),
          });
        }
        const others = [...(owners.get(tool.name) ?? [])].filter((s) => s !== server);
        if (sameName !== undefined && others.length > 0) {
          found.push({
            rule: sameName.id,
            severity: sameName.severity,
            message: `${sameName.message} (${others.map((s) => `"${s}"`).join(', ')})`,
            field: 'name',
            start: 0,
            end: tool.name.length,
            text: tool.name,
          });
        }
        found.sort(bySeverity);
        perTool.set(tool.name, found);
      }
      out.set(server, perTool);
    }
    return out;
  }

  return { scanListing, scanTool };
}
