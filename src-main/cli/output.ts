import Table from 'cli-table3';

import { ApiError, GatewayUnreachableError } from '../../src-shared/api/client.js';
import { isGatewayError } from '../../src-shared/errors.js';
import { errorText } from '../../src-shared/values.js';
import { EXIT_ERROR, EXIT_UNREACHABLE } from './exit-codes.js';

/** Printing shared by every command; the exit codes live in exit-codes.ts (serve loads only those). */

export { EXIT_ERROR } from './exit-codes.js';

/** An error the CLI reports as is (no stack), with its exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_ERROR) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

// C0 and C1 control characters except tab and line feed.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from servers (log lines, errors, names) shown on a terminal: control characters are written
 * as visible `\xNN` escapes, so a server cannot move the cursor, retitle the window, plant an OSC 8
 * link or clear the screen through escape sequences. Tabs and line breaks stay.
 */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL_CHARS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function printTable(head: string[], rows: (string | number)[][], empty = '(none)'): void {
  if (rows.length === 0) {
    process.stdout.write(empty + '\n');
    return;
  }
  const table = new Table({
    head,
    style: { head: process.stdout.isTTY ? ['cyan'] : [], border: process.stdout.isTTY ? ['grey'] : [] },
    wordWrap: true,
    wrapOnWordBoundary: true,
    colWidths: fitWidths([head, ...rows.map((r) => r.map(String))], process.stdout.columns || 120),
  });
  for (const r of rows) {
    table.push(r.map((c) => terminalSafe(String(c))));
  }
  process.stdout.write(table.toString() + '\n');
}

/** Column widths that fit the terminal: the widest columns give up space first. */
function fitWidths(rows: string[][], total: number): number[] {
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) =>
    Math.max(3, ...rows.map((r) => Math.max(...(r[i] ?? '').split('\n').map((l) => l.length)) + 2)),
  );
  // Borders take one character per column plus one.
  const budget = Math.max(cols * 8, total - cols - 1);
  for (let guard = 0; widths.reduce((a, b) => a + b, 0) > budget && guard < 10_000; guard += 1) {
    const widest = widths.indexOf(Math.max(...widths));
    widths[widest] = (widths[widest] ?? 8) - 1;
  }
  return widths;
}

export function duration(ms: number | undefined): string {
  if (ms === undefined) {
    return '-';
  }
  const s = Math.floor(ms / 1000);
  if (s < 60) {
    return `${s}s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m}m ${s % 60}s`;
  }
  const h = Math.floor(m / 60);
  if (h < 48) {
    return `${h}h ${m % 60}m`;
  }
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}

/** Print an error to stderr and give the exit code for it. */
export function reportError(err: unknown): number {
  if (err instanceof GatewayUnreachableError) {
    process.stderr.write(`mcp-gateway: ${err.message}\n`);
    return EXIT_UNREACHABLE;
  }
  if (err instanceof ApiError) {
    const hint =
      err.code === 'UNAUTHORIZED'
        ? ' (is MCP_GATEWAY_TOKEN or the admin-token file from another gateway?)'
        : '';
    process.stderr.write(`mcp-gateway: ${err.message} [${err.code}]${hint}\n`);
    return EXIT_ERROR;
  }
  if (err instanceof CliError) {
    process.stderr.write(`mcp-gateway: ${err.message}\n`);
    return err.exitCode;
  }
  if (isGatewayError(err)) {
    process.stderr.write(`mcp-gateway: ${err.message} [${err.code}]\n`);
    return EXIT_ERROR;
  }
  process.stderr.write(`mcp-gateway: ${errorText(err)}\n`);
  return EXIT_ERROR;
}
