import type { Command } from 'commander';

import { getEmbeddingsStatus, searchContext, testEmbeddings } from '../../src-shared/api/context.js';
import { updateSettings } from '../../src-shared/api/routes.js';
import { gatewayOptions, type GatewayOpts } from './commands.js';
import { connect } from './connection.js';
import { CliError, printJson, printTable } from './output.js';

/** `tools search` and `embeddings`: the meta-mode search and its optional semantic ranking. */

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50) {
    throw new CliError('--limit is a whole number from 1 to 50');
  }
  return n;
}

export function registerSearchCommands(program: Command): void {
  const tools = program.commands.find((c) => c.name() === 'tools');
  if (tools !== undefined) {
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
            out.results.map((r) => [r.id, r.score, (r.matched ?? []).join(', '), r.summary]),
            'no tool matches: try other words, or `mcp-gateway tools list`',
          );
          if (out.semantic !== undefined && !out.semantic.used && out.semantic.reason !== undefined) {
            process.stdout.write(`ranked by words only: ${out.semantic.reason}\n`);
          }
        }),
    );
  }

  const embeddings = program
    .command('embeddings')
    .description(
      'semantic tool search through your own OpenAI-compatible /v1/embeddings endpoint (off by default)',
    );

  gatewayOptions(
    embeddings
      .command('status', { isDefault: true })
      .description('state, model, tool vectors, and why searches rank by words only')
      .action(async (opts: GatewayOpts) => {
        const out = await (await connect(opts.url)).call(getEmbeddingsStatus);
        if (opts.json) {
          printJson(out);
          return;
        }
        const lines = [
          `state: ${out.state}`,
          ...(out.url !== undefined ? [`endpoint: ${out.url}`, `model: ${out.model ?? ''}`] : []),
          `tool vectors: ${out.vectors} of ${out.tools}${out.dimensions !== undefined ? ` (${out.dimensions} dimensions)` : ''}`,
          ...(out.lastQueryMs !== undefined ? [`last query: ${out.lastQueryMs} ms`] : []),
          ...(out.reason !== undefined ? [`why words only: ${out.reason}`] : []),
        ];
        process.stdout.write(lines.join('\n') + '\n');
      }),
  );

  gatewayOptions(
    embeddings
      .command('test')
      .description(
        'embed a short text with the configured endpoint (or the one given): dimensions and latency',
      )
      .option('--endpoint <url>', 'base URL to try, e.g. http://127.0.0.1:11434/v1')
      .option('--model <name>', 'model to try')
      .option('--api-key-secret <name>', 'keychain secret holding the key (`mcp-gateway secrets set NAME`)')
      .action(async (opts: GatewayOpts & { endpoint?: string; model?: string; apiKeySecret?: string }) => {
        const api = await connect(opts.url);
        const out = await api.call(testEmbeddings, {
          body: {
            ...(opts.endpoint !== undefined ? { url: opts.endpoint } : {}),
            ...(opts.model !== undefined ? { model: opts.model } : {}),
            ...(opts.apiKeySecret !== undefined ? { apiKey: `\${secret:${opts.apiKeySecret}}` } : {}),
          },
        });
        if (opts.json) {
          printJson(out);
        } else if (out.ok) {
          process.stdout.write(
            `ok: ${out.model} at ${out.url} answers ${out.dimensions ?? 0} dimensions in ${out.latencyMs} ms\n`,
          );
        }
        if (!out.ok) {
          throw new CliError(`the endpoint failed: ${out.error?.message ?? 'unknown error'}`);
        }
      }),
  );

  gatewayOptions(
    embeddings
      .command('set')
      .description(
        'use this endpoint and model for tool search (turns it on); tool texts and queries go there',
      )
      .requiredOption(
        '--endpoint <url>',
        'base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1',
      )
      .requiredOption('--model <name>', 'embedding model, e.g. nomic-embed-text')
      .option('--api-key-secret <name>', 'keychain secret holding the key (`mcp-gateway secrets set NAME`)')
      .action(async (opts: GatewayOpts & { endpoint: string; model: string; apiKeySecret?: string }) => {
        const api = await connect(opts.url);
        const out = await api.call(updateSettings, {
          body: {
            search: {
              embeddings: {
                enabled: true,
                url: opts.endpoint,
                model: opts.model,
                apiKey: opts.apiKeySecret !== undefined ? `\${secret:${opts.apiKeySecret}}` : null,
              },
            },
          },
        });
        if (opts.json) {
          printJson(out.settings.search);
          return;
        }
        process.stdout.write(
          `semantic search on: ${opts.model} at ${opts.endpoint}; tool vectors are computed in the background (\`mcp-gateway embeddings\`)\n`,
        );
      }),
  );

  for (const [verb, on] of [
    ['on', true],
    ['off', false],
  ] as const) {
    gatewayOptions(
      embeddings
        .command(verb)
        .description(
          on
            ? 'turn semantic search back on (endpoint kept)'
            : 'stop using the endpoint (kept in the config)',
        )
        .action(async (opts: GatewayOpts) => {
          const api = await connect(opts.url);
          const out = await api.call(updateSettings, { body: { search: { embeddings: { enabled: on } } } });
          if (opts.json) {
            printJson(out.settings.search);
            return;
          }
          process.stdout.write(`semantic search ${on ? 'on' : 'off'}\n`);
        }),
    );
  }
}
