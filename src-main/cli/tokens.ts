import type { Command } from 'commander';

import {
  createToken,
  listTokens,
  revokeToken,
  rotateAdminToken,
  updateToken,
} from '../../src-shared/api/identity.js';
import { rotateAdminToken as rotateAdminTokenFile } from '../engine/security/index.js';
import { gatewayOptions, type GatewayOpts } from './commands.js';
import { connect, findGateway } from './connection.js';
import { clock, printJson, printTable } from './output.js';

/**
 * `mcp-gateway clients tokens …`: the tokens MCP clients send to the gateway (one per client),
 * a client of the control API (profiles are in `profiles.ts`); the admin token stays apart
 * (`mcp-gateway token rotate`).
 */

export function when(at: number | undefined): string {
  return at === undefined ? 'never' : `${new Date(at).toISOString().slice(0, 10)} ${clock(at)}`;
}

/** What `clients tokens create` prints: the token this once, and how the client sends it. */
export function createdText(out: { token: string; info: { name: string; profile: string } }): string {
  return (
    `${out.token}\n\n` +
    `This is the only time the token is shown. Give it to "${out.info.name}" (profile "${out.info.profile}") as the header\n` +
    `  Authorization: Bearer ${out.token}\n` +
    'or let `mcp-gateway clients connect <client>` write a token into a client it knows.\n'
  );
}

function registerList(tokens: Command): void {
  gatewayOptions(
    tokens
      .command('list')
      .alias('ls')
      .description('tokens with their profile, when they were created and last used')
      .action(async (opts: GatewayOpts) => {
        const out = await (await connect(opts.url)).call(listTokens);
        if (opts.json) {
          printJson(out);
          return;
        }
        printTable(
          ['name', 'profile', 'created', 'last used', 'id'],
          out.tokens.map((t) => [t.name, t.profile, when(t.createdAt), when(t.lastUsedAt), t.id]),
          'no client tokens yet: create one with `mcp-gateway clients tokens create <name>`',
        );
        if (out.clientAuth === 'off') {
          process.stdout.write(
            'note: gateway.clientAuth is "off": MCP endpoints accept requests without a token\n',
          );
        }
      }),
  );
}

function registerCreate(tokens: Command): void {
  gatewayOptions(
    tokens
      .command('create <name>')
      .description('create a token for a client; it is printed this once')
      .option('--profile <profile>', 'the profile the client gets (default: "default", every tool)')
      .action(async (name: string, opts: GatewayOpts & { profile?: string }) => {
        const out = await (
          await connect(opts.url)
        ).call(createToken, {
          body: { name, ...(opts.profile !== undefined ? { profile: opts.profile } : {}) },
        });
        if (opts.json) {
          printJson(out);
          return;
        }
        process.stdout.write(createdText(out));
      }),
  );
}

function registerRename(tokens: Command): void {
  gatewayOptions(
    tokens
      .command('rename <token> <new-name>')
      .description('rename a token (by name or id)')
      .action(async (token: string, newName: string, opts: GatewayOpts) => {
        const out = await (
          await connect(opts.url)
        ).call(updateToken, { params: { id: token }, body: { name: newName } });
        if (opts.json) {
          printJson(out);
          return;
        }
        process.stdout.write(`renamed to "${out.name}"\n`);
      }),
  );
}

function registerMove(tokens: Command): void {
  gatewayOptions(
    tokens
      .command('move <token> <profile>')
      .description("give a token another profile (the client's open sessions end)")
      .action(async (token: string, profile: string, opts: GatewayOpts) => {
        const out = await (
          await connect(opts.url)
        ).call(updateToken, { params: { id: token }, body: { profile } });
        if (opts.json) {
          printJson(out);
          return;
        }
        process.stdout.write(`"${out.name}" now uses profile "${out.profile}"\n`);
      }),
  );
}

function registerRevoke(tokens: Command): void {
  gatewayOptions(
    tokens
      .command('revoke <token>')
      .description('revoke a token (by name or id); its client is refused from now on')
      .action(async (token: string, opts: GatewayOpts) => {
        const out = await (await connect(opts.url)).call(revokeToken, { params: { id: token } });
        if (opts.json) {
          printJson(out);
          return;
        }
        process.stdout.write(`${out.message ?? 'revoked'}\n`);
      }),
  );
}

/** `token rotate`: through the running gateway, or in the data folder when none runs. */
function registerAdminRotate(program: Command): void {
  const admin = program
    .command('token')
    .description("the admin token of the control API (not the clients' tokens)");
  gatewayOptions(
    admin
      .command('rotate')
      .description('replace the admin token; a running gateway switches to the new one at once')
      .action(async (opts: GatewayOpts) => {
        const target = await findGateway(opts.url);
        let message: string;
        if (target.source === 'none') {
          // No gateway runs: the next one reads the new file.
          await rotateAdminTokenFile(target.dataDir);
          message = `the admin token in ${target.tokenFile} was replaced`;
        } else {
          const out = await (await connect(opts.url)).call(rotateAdminToken);
          message = out.message ?? 'the admin token was replaced';
        }
        if (opts.json) {
          printJson({ ok: true, message });
          return;
        }
        process.stdout.write(
          `${message}\nOpen dashboards need the new link: \`mcp-gateway serve\` prints it, the tray opens it.\n`,
        );
      }),
  );
}

export function registerTokenCommands(program: Command): void {
  const clients =
    program.commands.find((c) => c.name() === 'clients') ??
    program.command('clients').description('AI clients');
  const tokens = clients
    .command('tokens')
    .description('client tokens: each client sends its own to the MCP endpoints (shown once, stored hashed)');
  registerList(tokens);
  registerCreate(tokens);
  registerRename(tokens);
  registerMove(tokens);
  registerRevoke(tokens);
  registerAdminRotate(program);
}
