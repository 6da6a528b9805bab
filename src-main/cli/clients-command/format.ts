import type { ServerConfig } from '../../../src-shared/config.js';
import { redactFlaggedConfig } from '../../../src-shared/flagged-secrets.js';
import { redactText } from '../../../src-shared/redact.js';
import type {
  ClientFileReport,
  ClientPlan,
  ClientReport,
  DetectResult,
  ImportedServer,
  MergedServer,
} from '../../engine/clients/index.js';

/** What the `clients` commands print, as plain functions of what the client manager returns. */

export function yes(b: boolean): string {
  return b ? 'yes' : '-';
}

export function describeServer(c: ServerConfig): string {
  return c.command !== undefined
    ? [c.command, ...(c.args ?? [])].join(' ')
    : `${c.url ?? ''}${c.type ? ` (${c.type})` : ''}`;
}

export function secretsText(s: Pick<MergedServer, 'secrets'>): string {
  return s.secrets.map((f) => `${f.key} (${f.field})`).join(', ');
}

/** A server's command line or URL with the secrets found in it redacted. */
export function describeRedacted(s: Pick<MergedServer, 'config' | 'secrets'>): string {
  return describeServer(redactFlaggedConfig(s.config, s.secrets));
}

/** `clients list --json`: what was found, every flagged secret redacted. */
export function redactedDetect(found: DetectResult): DetectResult {
  return {
    ...found,
    clients: found.clients.map((c) => ({
      ...c,
      files: c.files.map((f) => ({
        ...f,
        servers: f.servers.map((s) => ({ ...s, config: redactFlaggedConfig(s.config, s.secrets) })),
      })),
    })),
    servers: found.servers.map((s) => ({ ...s, config: redactFlaggedConfig(s.config, s.secrets) })),
  };
}

export const CLIENT_HEAD = ['client', 'id', 'connected', 'seen', 'servers', 'config files'];

function fileCell(f: ClientFileReport): string {
  const p = f.problem;
  const where = p?.line ? ` at line ${p.line}, column ${p.column ?? 1}` : '';
  return `${f.file}${p ? ` (CANNOT BE READ: ${p.message}${where})` : ''}`;
}

export function clientRow(c: ClientReport): (string | number)[] {
  return [
    c.name,
    c.id,
    yes(c.connected),
    yes(c.seen),
    c.files.reduce((n, f) => n + f.servers.filter((s) => s.config !== undefined).length, 0),
    c.files
      .filter((f) => f.exists)
      .map(fileCell)
      .join('\n') || '(none yet)',
  ];
}

export const FOUND_HEAD = ['name', 'id', 'from', 'command / url', 'secrets', 'in gateway'];

export function foundServerRow(s: MergedServer): string[] {
  const from = s.sources
    .map((x) => `${x.client}${x.name !== s.suggestedName ? ` (as ${x.name})` : ''}`)
    .join(', ');
  const project = s.scope === 'user' ? '' : `\nPROJECT ${s.project ?? ''} (imported only by name)`;
  return [s.suggestedName, s.id, from + project, describeRedacted(s), secretsText(s), s.inGateway ?? ''];
}

/** The lines after an import's table: what was skipped, left out, waits for approval or holds secrets. */
export function importNotes(
  result: { added: ImportedServer[]; skipped: Array<{ id: string; name?: string; reason: string }> },
  leftOut: string | undefined,
): string {
  const lines: string[] = [];
  for (const k of result.skipped) {
    lines.push(`- skipped ${k.name ?? k.id}: ${k.reason}\n`);
  }
  if (leftOut !== undefined) {
    lines.push(`- ${leftOut}`);
  }
  for (const a of result.added) {
    if (a.approval !== undefined) {
      lines.push(`! ${a.name} does not run yet: ${a.approval.reason}\n`);
    }
  }
  for (const a of result.added.filter((x) => x.secrets.length > 0)) {
    lines.push(
      `! ${a.name} holds secrets in plain text (${secretsText(a)}): move them to the keychain and write \${secret:NAME} instead\n`,
    );
  }
  return lines.join('');
}

/** `connect --dry-run`: the warnings, then each changed file's diff with known secrets redacted. */
export function planText(plan: ClientPlan, secrets: string[]): string {
  const lines = plan.warnings.map((w) => `! ${w}\n`);
  const changed = plan.files.filter((f) => f.changed);
  if (changed.length === 0) {
    return lines.join('') + `${plan.name} is already connected to the gateway: nothing to change\n`;
  }
  return lines.join('') + changed.map((f) => redactText(f.diff, secrets)).join('');
}
