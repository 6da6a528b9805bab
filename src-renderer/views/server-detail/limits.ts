import type { ContextPreview } from '../../../src-shared/api/context.js';
import type { ToolControls } from '../../../src-shared/config.js';
import { formatTokens } from '../../lib/format.js';

/** The limits form as typed: glob lists separated by commas, whole numbers or empty for no limit. */
export interface LimitsForm {
  deny: string;
  allow: string;
  maxTools: string;
  maxTokens: string;
}

/** The form for a server's current tool controls. */
export function limitsForm(c: ToolControls): LimitsForm {
  return {
    deny: (c.deny ?? []).join(', '),
    allow: (c.allow ?? []).join(', '),
    maxTools: c.maxTools !== undefined ? String(c.maxTools) : '',
    maxTokens: c.maxTokens !== undefined ? String(c.maxTokens) : '',
  };
}

/** A limit field: undefined when empty (no limit), null when not a whole number above zero. */
export function parseLimit(v: string): number | undefined | null {
  return v.trim() === '' ? undefined : /^[1-9]\d*$/.test(v.trim()) ? Number(v.trim()) : null;
}

/** A glob field: the globs separated by commas, undefined when there are none. */
export function parseGlobs(v: string): string[] | undefined {
  const list = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return list.length > 0 ? list : undefined;
}

/** Whether a limit field holds something other than a whole number. */
export function limitsInvalid(form: LimitsForm): boolean {
  return parseLimit(form.maxTools) === null || parseLimit(form.maxTokens) === null;
}

/** The server's tool controls with the form's four fields in place (its other controls kept). */
export function nextControls(controls: ToolControls, form: LimitsForm): ToolControls {
  const c: ToolControls = { ...controls };
  const set = <K extends keyof ToolControls>(k: K, v: ToolControls[K] | undefined): void => {
    if (v === undefined) {
      delete c[k];
    } else {
      c[k] = v;
    }
  };
  set('deny', parseGlobs(form.deny));
  set('allow', parseGlobs(form.allow));
  set('maxTools', parseLimit(form.maxTools) ?? undefined);
  set('maxTokens', parseLimit(form.maxTokens) ?? undefined);
  return c;
}

/** What the previewed limits would do to this server's tools, in words; undefined when it is not listed. */
export function limitsEffect(p: ContextPreview, name: string): string | undefined {
  const srv = p.proposed.servers.find((x) => x.name === name);
  const cur = p.current.servers.find((x) => x.name === name);
  if (srv === undefined || cur === undefined) {
    return undefined;
  }
  return `Clients would see ${srv.visibleTools} of ${srv.tools} tools (${formatTokens(srv.tokens)} tokens, now ${formatTokens(cur.tokens)}).`;
}
