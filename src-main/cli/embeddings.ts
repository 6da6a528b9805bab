import type { Command } from 'commander';

import { getEmbeddingsStatus, testEmbeddings } from '../../src-shared/api/context.js';
import type { RouteOutput } from '../../src-shared/api/contract.js';
import { updateSettings } from '../../src-shared/api/routes.js';
import { gatewayOptions, type GatewayOpts } from './commands.js';
import { connect } from './connection.js';
import { CliError, printJson } from './output.js';

/** `embeddings`: the optional semantic ranking of the tool search, through the user's own endpoint. */

/** `embeddings status`: one line per thing known, the reason for words-only ranking last. */
export function embeddingsStatusText(out: RouteOutput<typeof getEmbeddingsStatus>): string {
  const lines = [
    `state: ${out.state}`,
    ...(out.url !== undefined ? [`endpoint: ${out.url}`, `model: ${out.model ?? ''}`] : []),
    `tool vectors: ${out.vectors} of ${out.tools}${out.dimensions !== undefined ? ` (${out.dimensions} dimensions)` : ''}`,
    ...(out.lastQueryMs !== undefined ? [`last query: ${out.lastQueryMs} ms`] : []),
    ...(out.reason !== undefined ? [`why words only: ${out.reason}`] : []),
  ];
  return lines.join('\n') + '\n';
}

/** The API key as the config holds it: a reference to a keychain secret, never the key. */
export function secretRef(name: string): string {
  return `\${secret:${name}}`;
}

function registerStatus(embeddings: Command): void {
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
        process.stdout.write(embeddingsStatusText(out));
      }),
  );
}

type TestOpts = GatewayOpts & { endpoint?: string; model?: string; apiKeySecret?: string };

function registerTest(embeddings: Command): void {
  gatewayOptions(
    embeddings
      .command('test')
      .description(
        'embed a short text with the configured endpoint (or the one given): dimensions and latency',
      )
      .option('--endpoint <url>', 'base URL to try, e.g. http://127.0.0.1:11434/v1')
      .option('--model <name>', 'model to try')
      .option('--api-key-secret <name>', 'keychain secret holding the key (`mcp-gateway secrets set NAME`)')
      .action(async (opts: TestOpts) => {
        const api = await connect(opts.url);
        const out = await api.call(testEmbeddings, {
          body: {
            ...(opts.endpoint !== undefined ? { url: opts.endpoint } : {}),
            ...(opts.model !== undefined ? { model: opts.model } : {}),
            ...(opts.apiKeySecret !== undefined ? { apiKey: secretRef(opts.apiKeySecret) } : {}),
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
}

type SetOpts = GatewayOpts & { endpoint: string; model: string; apiKeySecret?: string };

function registerSet(embeddings: Command): void {
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
      .action(async (opts: SetOpts) => {
        const api = await connect(opts.url);
        const apiKey = opts.apiKeySecret !== undefined ? secretRef(opts.apiKeySecret) : null;
        const out = await api.call(updateSettings, {
          body: { search: { embeddings: { enabled: true, url: opts.endpoint, model: opts.model, apiKey } } },
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
}

function registerOnOff(embeddings: Command): void {
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

export function registerEmbeddingsCommands(program: Command): void {
  const embeddings = program
    .command('embeddings')
    .description(
      'semantic tool search through your own OpenAI-compatible /v1/embeddings endpoint (off by default)',
    );
  registerStatus(embeddings);
  registerTest(embeddings);
  registerSet(embeddings);
  registerOnOff(embeddings);
}
