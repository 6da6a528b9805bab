import type { Command } from 'commander';

import type { ApiClient } from '../../src-shared/api/client.js';
import {
  createProfile,
  deleteProfile,
  listProfiles,
  previewProfile,
  type ProfilePreviewDto,
  putProfile,
  renameProfile,
} from '../../src-shared/api/identity.js';
import type { ProfileConfig } from '../../src-shared/config.js';
import { gatewayOptions, type GatewayOpts } from './commands.js';
import { connect } from './connection.js';
import { CliError, printJson, printTable } from './output.js';
import { applyOptions, CLEARABLE, fieldOptions, type FieldOpts } from './profile-fields.js';

/**
 * `mcp-gateway profiles …`: the named views of the catalog client tokens belong to. A client of
 * the control API, which writes them to `gateway.profiles` in the config file.
 */

/** What a profile selects, then a note for each glob or pin that matches nothing. */
export function previewText(name: string, p: ProfilePreviewDto): string {
  const lines = [
    `profile "${name}": ${p.tools} of ${p.all.tools} tools, ${p.tokens} of ${p.all.tokens} tokens, ` +
      `mode ${p.mode}, servers ${p.servers.length > 0 ? p.servers.join(', ') : 'none'}`,
    ...p.unmatched.allow.map((g) => `note: allow "${g}" matches no tool`),
    ...p.unmatched.deny.map((g) => `note: deny "${g}" matches no tool`),
    ...p.pinnedOutside.map((t) => `note: pinned "${t}" is not among its tools, so it is not listed`),
  ];
  return lines.map((l) => l + '\n').join('');
}

async function printPreview(api: ApiClient, name: string, profile: ProfileConfig): Promise<void> {
  process.stdout.write(previewText(name, await api.call(previewProfile, { body: { profile } })));
}

function registerList(profiles: Command): void {
  gatewayOptions(
    profiles
      .command('list')
      .alias('ls')
      .description('profiles with their servers, tools, context cost and clients')
      .action(async (opts: GatewayOpts) => {
        const out = await (await connect(opts.url)).call(listProfiles);
        if (opts.json) {
          printJson(out);
          return;
        }
        printTable(
          ['profile', 'mode', 'servers', 'tools', 'tokens', 'clients'],
          out.profiles.map((p) => [
            p.name,
            p.mode,
            p.servers.join(', '),
            p.tools,
            p.tokens,
            p.clients.join(', '),
          ]),
        );
      }),
  );
}

function registerShow(profiles: Command): void {
  gatewayOptions(
    profiles
      .command('show <name>')
      .description('the tools a profile selects, with their context cost')
      .action(async (name: string, opts: GatewayOpts) => {
        const api = await connect(opts.url);
        const found = (await api.call(listProfiles)).profiles.find((p) => p.name === name);
        if (found === undefined) {
          throw new CliError(`there is no profile "${name}": see \`mcp-gateway profiles list\``);
        }
        const preview = await api.call(previewProfile, { body: { profile: found.config } });
        if (opts.json) {
          printJson({ ...found, preview });
          return;
        }
        process.stdout.write(previewText(name, preview));
        printTable(
          ['tool', 'server', 'tokens'],
          preview.selected.map((t) => [t.id, t.server, t.tokens]),
          'it selects no tool',
        );
      }),
  );
}

function registerCreate(profiles: Command): void {
  gatewayOptions(
    fieldOptions(
      profiles
        .command('create <name>')
        .description('add a profile to the config (tokens get it with `clients tokens create|move`)'),
    ).action(async (name: string, opts: GatewayOpts & FieldOpts) => {
      const api = await connect(opts.url);
      const out = await api.call(createProfile, { body: { name, profile: applyOptions({}, opts) } });
      if (opts.json) {
        printJson(out);
        return;
      }
      await printPreview(api, out.name, out.config);
    }),
  );
}

function registerEdit(profiles: Command): void {
  gatewayOptions(
    fieldOptions(
      profiles
        .command('edit <name>')
        .description('change a profile: each option replaces that field; --clear removes fields'),
    )
      .option('--clear <field...>', `remove fields (${CLEARABLE.join(', ')})`)
      .action(async (name: string, opts: GatewayOpts & FieldOpts) => {
        const api = await connect(opts.url);
        const found = (await api.call(listProfiles)).profiles.find((p) => p.name === name);
        if (found === undefined || (!found.defined && name !== 'default')) {
          throw new CliError(
            `there is no profile "${name}": create it with \`mcp-gateway profiles create ${name}\``,
          );
        }
        const out = await api.call(putProfile, { params: { name }, body: applyOptions(found.config, opts) });
        if (opts.json) {
          printJson(out);
          return;
        }
        await printPreview(api, out.name, out.config);
      }),
  );
}

function registerRename(profiles: Command): void {
  gatewayOptions(
    profiles
      .command('rename <name> <new-name>')
      .description('rename a profile; its tokens move along (their open sessions end)')
      .action(async (name: string, newName: string, opts: GatewayOpts) => {
        const out = await (
          await connect(opts.url)
        ).call(renameProfile, { params: { name }, body: { to: newName } });
        if (opts.json) {
          printJson(out);
          return;
        }
        process.stdout.write(
          `renamed "${name}" to "${out.name}"${out.clients.length > 0 ? `; ${out.clients.join(', ')} moved along` : ''}\n`,
        );
      }),
  );
}

function registerDelete(profiles: Command): void {
  gatewayOptions(
    profiles
      .command('delete <name>')
      .alias('rm')
      .description('remove a profile from the config; one that tokens use needs --move-to')
      .option('--move-to <profile>', 'move the tokens that use it to this profile first')
      .action(async (name: string, opts: GatewayOpts & { moveTo?: string }) => {
        const out = await (
          await connect(opts.url)
        ).call(deleteProfile, {
          params: { name },
          ...(opts.moveTo !== undefined ? { query: { moveTo: opts.moveTo } } : {}),
        });
        if (opts.json) {
          printJson(out);
          return;
        }
        process.stdout.write(`${out.message ?? 'removed'}\n`);
      }),
  );
}

export function registerProfileCommands(program: Command): void {
  const profiles = program
    .command('profiles')
    .description('named views of the catalog (servers, tool globs, mode, pins) that client tokens belong to');
  registerList(profiles);
  registerShow(profiles);
  registerCreate(profiles);
  registerEdit(profiles);
  registerRename(profiles);
  registerDelete(profiles);
}
