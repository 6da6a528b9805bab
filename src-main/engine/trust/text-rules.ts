import type { Finding } from '../../../src-shared/api/trust.js';
import type { ScanRule, TextRule } from './rules.js';
import type { Text } from './tool-texts.js';

/** At most this many findings per tool, and this much of a matched text shown. */
export const MAX_FINDINGS = 50;
const MAX_SPAN_TEXT = 200;

const SEVERITY_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** Invisible and control characters written as `\u{…}` so a finding's text can be read. */
export function visibleText(s: string): string {
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

/** A text or parameter-name rule with its pattern compiled once. */
export interface CompiledText {
  rule: TextRule;
  re: RegExp;
}

export function compile(rules: readonly ScanRule[]): CompiledText[] {
  return rules
    .filter((r): r is TextRule => r.kind === 'text' || r.kind === 'param-name')
    .map((rule) => ({ rule, re: new RegExp(rule.pattern, `${(rule.flags ?? '').replace('g', '')}g`) }));
}

/** Every match of a compiled rule in one text, added to `out` (up to MAX_FINDINGS in all). */
export function matchAll(c: CompiledText, t: Text, out: Finding[]): void {
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

/** Most severe first, then by field and position. */
export function bySeverity(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.field.localeCompare(b.field) ||
    a.start - b.start
  );
}
