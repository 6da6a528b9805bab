import type { Command } from 'commander';

import { callTool, disableTool, enableTool, listTools } from '../../../src-shared/api/routes.js';
import { connect } from '../connection.js';
import { CliError, printJson, printTable } from '../output.js';
import { gatewayOptions, type GatewayOpts } from './options.js';
import { parseToolArgs } from './tool-args.js';

/** `tools list`, `tools call`, `tools enable` and `tools disable`. */

function registerList(tools: Command): void {
  gatewayOptions(
    tools
      .command('list')
      .alias('ls')
      .description('tools of all servers, with visibility and token cost')
      .option('--server <name>', 'only this server')
      .option('--hidden', 'only tools clients do not see')
      .option('--visible', 'only tools clients see')
      .action(async (opts: GatewayOpts & { server?: string; hidden?: boolean; visible?: boolean }) => {
        const api = await connect(opts.url);
        const visible = opts.visible ? true : opts.hidden ? false : undefined;
        const out = await api.call(listTools, { query: { server: opts.server, visible } });
        if (opts.json) {
          printJson(out);
          return;
        }
        printTable(
          ['tool', 'server', 'visible', 'tokens', 'hidden because'],
          out.tools.map((t) => [t.id, t.server, t.visible ? 'yes' : 'no', t.tokens, t.hiddenReason ?? '']),
          'no tools (are the servers running? `mcp-gateway status`)',
        );
        const t = out.totals;
        process.stdout.write(
          `${t.visible} of ${t.tools} tools visible, ${t.visibleTokens} of ${t.tokens} tokens\n`,
        );
      }),
  );
}

/** A tool's result for a terminal: its text parts as they are, other parts as JSON. */
export function resultText(content: { type: string; text?: string }[]): string {
  return content.map((c) => (c.type === 'text' ? (c.text ?? '') : JSON.stringify(c)) + '\n').join('');
}

type CallOpts = GatewayOpts & { server?: string; args?: string };

async function callAction(tool: string, pairs: string[], opts: CallOpts): Promise<void> {
  const args = parseToolArgs(pairs, opts.args);
  const api = await connect(opts.url);
  const body =
    opts.server !== undefined
      ? { server: opts.server, tool, arguments: args }
      : { id: tool, arguments: args };
  const out = await api.call(callTool, { body });
  if (opts.json) {
    printJson(out);
  } else {
    const content = (out.result.content ?? []) as { type: string; text?: string }[];
    process.stdout.write(resultText(content));
    if (content.length === 0 && out.result.structuredContent !== undefined) {
      printJson(out.result.structuredContent);
    }
  }
  if (out.isError) {
    throw new CliError(`the tool reported an error`);
  }
}

function registerCall(tools: Command): void {
  gatewayOptions(
    tools
      .command('call <tool> [args...]')
      .description(
        'call a tool: `tools call memory__read_graph` or `tools call search --server web query=mcp`',
      )
      .option('--server <name>', 'the server, when <tool> is the backend name')
      .option('--args <json>', 'arguments as a JSON object')
      .action(callAction),
  );
}

function registerToggles(tools: Command): void {
  for (const [verb, route] of [
    ['enable', enableTool],
    ['disable', disableTool],
  ] as const) {
    gatewayOptions(
      tools
        .command(`${verb} <server> <tool>`)
        .description(`${verb} one tool (edits mcpServers.<server>.tools.disabled)`)
        .action(async (server: string, tool: string, opts: GatewayOpts) => {
          const api = await connect(opts.url);
          const out = await api.call(route, { params: { server, tool } });
          if (opts.json) {
            printJson(out);
            return;
          }
          process.stdout.write(`${out.enabled ? 'enabled' : 'disabled'} ${server}/${tool}\n`);
        }),
    );
  }
}

/** Registers the `tools` group's own commands (trust review and search register theirs apart). */
export function registerToolCommands(tools: Command): void {
  registerList(tools);
  registerCall(tools);
  registerToggles(tools);
}
