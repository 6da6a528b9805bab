import type { Command } from 'commander';

import { searchContext } from '../../src-shared/api/context.js';
import type { RouteOutput } from '../../src-shared/api/contract.js';
import { gatewayOptions, type GatewayOpts } from './commands.js';
import { connect } from './connection.js';
import { registerEmbeddingsCommands } from './embeddings.js';
import { CliError, printJson, printTable } from './output.js';

/** `tools search` and `embeddings`: the meta-mode search and its optional semantic ranking. */

export function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50) {
    throw new CliError('--limit is a whole number from 1 to 50');
  }
  return n;
}

type SearchOut = RouteOutput<typeof searchContext>;

export function searchRows(out: SearchOut): (string | number)[][] {
  return out.results.map((r) => [r.id, r.score, (r.matched ?? []).join(', '), r.summary]);
}

/** The line under the results when the semantic ranking was not used, and why. */
export function wordsOnlyNote(out: SearchOut): string | undefined {
  return out.semantic !== undefined && !out.semantic.used && out.semantic.reason !== undefined
    ? `ranked by words only: ${out.semantic.reason}\n`
    : undefined;
}

function registerToolSearch(tools: Command): void {
  gatewayOptions(
    tools
      .command('search <query...>')
      .description('rank tools for a task in plain words, as gateway__search_tools does in meta mode')
      .option('--server <name>', 'only this server')
      .option('--limit <n>', 'how many results (1-50, default 10)')
      .action(async (words: string[], opts: GatewayOpts & { server?: string; limit?: string }) => {
        const limit = parseLimit(opts.limit);
        const api = await connect(opts.url);
        const out = await api.call(searchContext, {
          query: { q: words.join(' '), server: opts.server, ...(limit !== undefined ? { limit } : {}) },
        });
        if (opts.json) {
          printJson(out);
          return;
        }
        printTable(
          ['tool', 'score', 'why', 'summary'],
          searchRows(out),
          'no tool matches: try other words, or `mcp-gateway tools list`',
        );
        const note = wordsOnlyNote(out);
        if (note !== undefined) {
          process.stdout.write(note);
        }
      }),
  );
}

export function registerSearchCommands(program: Command): void {
  const tools = program.commands.find((c) => c.name() === 'tools');
  if (tools !== undefined) {
    registerToolSearch(tools);
  }
  registerEmbeddingsCommands(program);
}
