import type { Command } from 'commander';

import { approveTools, rejectTools, type ReviewItem, reviewTools } from '../../src-shared/api/trust.js';
import { diffLines } from '../../src-shared/unified-diff.js';
import type { GatewayOpts } from './commands.js';
import { connect } from './connection.js';
import { printJson } from './output.js';

const STATUS_TEXT: Record<ReviewItem['status'], string> = {
  changed: 'changed since it was approved',
  new: 'new since the server was approved',
  flagged: 'flagged by the description scanner',
  rejected: 'rejected',
  approved: 'approved',
};

/** A review item as text: what changed (a coloured-free unified diff) and what the scanner found. */
function formatReviewItem(item: ReviewItem): string {
  const out: string[] = [];
  const renamed = item.renamedFrom !== undefined ? ` (was "${item.renamedFrom}")` : '';
  out.push(`${item.server}/${item.name}${renamed}: ${STATUS_TEXT[item.status]}`);
  for (const [what, diff] of [
    ['description', item.diff.description],
    ['schema', item.diff.schema],
  ] as const) {
    const lines = diffLines(diff).filter((l) => l.kind !== 'meta');
    if (lines.length > 0) {
      out.push(`  ${what}:`);
      for (const l of lines) {
        out.push(`    ${l.text}`);
      }
    }
  }
  if (item.before === undefined) {
    out.push('  description (new):');
    for (const line of item.after.description.split('\n')) {
      out.push(`    ${line}`);
    }
  }
  for (const f of item.findings) {
    out.push(`  ${f.severity.toUpperCase()} ${f.rule} in ${f.field} [${f.start}–${f.end}]: "${f.text}"`);
    out.push(`    ${f.message}`);
  }
  return out.join('\n');
}

/** `mcp-gateway tools review|approve|reject`: the tool-trust review from the command line. */
export function registerTrustCommands(tools: Command, gatewayOptions: (cmd: Command) => Command): void {
  gatewayOptions(
    tools
      .command('review [server]')
      .description('tools held back because they changed, are new or were flagged: diffs and findings')
      .action(async (server: string | undefined, opts: GatewayOpts) => {
        const api = await connect(opts.url);
        const out = await api.call(reviewTools, { query: { server } });
        if (opts.json) {
          printJson(out);
          return;
        }
        if (out.items.length === 0) {
          const rejected = Object.values(out.held).reduce((n, c) => n + c, 0);
          process.stdout.write(
            `nothing waits for review${rejected > 0 ? ` (${rejected} rejected tool(s) stay hidden)` : ''}\n`,
          );
          return;
        }
        process.stdout.write(`${out.items.map(formatReviewItem).join('\n\n')}\n\n`);
        const servers = [...new Set(out.items.map((i) => i.server))];
        process.stdout.write(
          `${out.items.length} tool(s) held back. Approve with \`mcp-gateway tools approve ${servers[0] ?? 'SERVER'} [TOOL...]\`, or reject with \`mcp-gateway tools reject\`.\n`,
        );
      }),
  );
  for (const [verb, route, what] of [
    ['approve', approveTools, 'pin and show to clients'],
    ['reject', rejectTools, 'keep hidden until they change again'],
  ] as const) {
    gatewayOptions(
      tools
        .command(`${verb} <server> [tools...]`)
        .description(`${verb} held-back tools of a server (${what}); without tools: all of them`)
        .action(async (server: string, names: string[], opts: GatewayOpts) => {
          const api = await connect(opts.url);
          const out = await api.call(route, {
            params: { name: server },
            body: names.length > 0 ? { tools: names } : {},
          });
          if (opts.json) {
            printJson(out);
            return;
          }
          process.stdout.write(`${out.message}\n`);
        }),
    );
  }
}
