import type { Command } from 'commander';

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

/**
 * `mcp-gateway profiles …`: the named views of the catalog client tokens belong to. A client of
 * the control API, which writes them to `gateway.profiles` in the config file.
 */

interface FieldOpts {
  description?: string;
  servers?: string[];
  allow?: string[];
  deny?: string[];
  mode?: string;
  pin?: string[];
  rateLimit?: string;
  clear?: string[];
}

/** Field names `--clear` takes, as the config spells them. */
const CLEARABLE = ['description', 'servers', 'allow', 'deny', 'mode', 'pinned', 'rateLimit'] as const;

function fieldOptions(cmd: Command): Command {
  return cmd
    .option('--description <text>', 'shown in the dashboard')
    .option('--servers <name...>', 'only these servers (default: every server)')
    .option('--allow <glob...>', 'keep only tools whose exposed name (<server>__<tool>) matches a glob')
    .option('--deny <glob...>', 'hide tools whose exposed name matches a glob (deny wins over allow)')
    .option(
      '--mode <mode>',
      '"all" (every tool) or "meta" (search-and-invoke tools); default: the gateway\'s mode',
    )
    .option('--pin <tool...>', 'exposed tool names listed next to the meta tools in meta mode')
    .option('--rate-limit <n>', 'MCP requests a minute each token of the profile may send');
}

/** The profile with the options applied over `base` (an option replaces that whole field). */
function applyOptions(base: ProfileConfig, opts: FieldOpts): ProfileConfig {
  const next: Record<string, unknown> = { ...base };
  for (const field of opts.clear ?? []) {
    if (!(CLEARABLE as readonly string[]).includes(field)) {
      throw new CliError(`--clear takes ${CLEARABLE.join(', ')}; "${field}" is none of them`);
    }
    delete next[field];
  }
  if (opts.description !== undefined) {
    next['description'] = opts.description;
  }
  if (opts.servers !== undefined) {
    next['servers'] = opts.servers;
  }
  if (opts.allow !== undefined) {
    next['allow'] = opts.allow;
  }
  if (opts.deny !== undefined) {
    next['deny'] = opts.deny;
  }
  if (opts.mode !== undefined) {
    if (opts.mode !== 'all' && opts.mode !== 'meta') {
      throw new CliError(`--mode is "all" or "meta", not "${opts.mode}"`);
    }
    next['mode'] = opts.mode;
  }
  if (opts.pin !== undefined) {
    next['pinned'] = opts.pin;
  }
  if (opts.rateLimit !== undefined) {
    const n = Number(opts.rateLimit);
    if (!Number.isInteger(n) || n <= 0) {
      throw new CliError(
        `--rate-limit is a whole number of requests a minute, above 0 (not "${opts.rateLimit}")`,
      );
    }
    next['rateLimit'] = { requestsPerMinute: n };
  }
  return next as ProfileConfig;
}

function printPreview(name: string, p: ProfilePreviewDto): void {
  process.stdout.write(
    `profile "${name}": ${p.tools} of ${p.all.tools} tools, ${p.tokens} of ${p.all.tokens} tokens, ` +
      `mode ${p.mode}, servers ${p.servers.length > 0 ? p.servers.join(', ') : 'none'}\n`,
  );
  for (const g of p.unmatched.allow) {
    process.stdout.write(`note: allow "${g}" matches no tool\n`);
  }
  for (const g of p.unmatched.deny) {
    process.stdout.write(`note: deny "${g}" matches no tool\n`);
  }
  for (const t of p.pinnedOutside) {
    process.stdout.write(`note: pinned "${t}" is not among its tools, so it is not listed\n`);
  }
}

export function registerProfileCommands(program: Command): void {
  const profiles = program
    .command('profiles')
    .description('named views of the catalog (servers, tool globs, mode, pins) that client tokens belong to');

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
        printPreview(name, preview);
        printTable(
          ['tool', 'server', 'tokens'],
          preview.selected.map((t) => [t.id, t.server, t.tokens]),
          'it selects no tool',
        );
      }),
  );

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
      printPreview(out.name, await api.call(previewProfile, { body: { profile: out.config } }));
    }),
  );

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
        printPreview(out.name, await api.call(previewProfile, { body: { profile: out.config } }));
      }),
  );

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
