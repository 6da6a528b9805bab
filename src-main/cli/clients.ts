import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Command } from 'commander';

import { type ApiClient, createApiClient } from '../../src-shared/api/client.js';
import { createToken, listTokens, revokeToken } from '../../src-shared/api/identity.js';
import { addServer, health, listSessions } from '../../src-shared/api/routes.js';
import { DEFAULT_HOST, DEFAULT_PORT, type ServerConfig } from '../../src-shared/config.js';
import { redactFlaggedConfig } from '../../src-shared/flagged-secrets.js';
import { redactText } from '../../src-shared/redact.js';
import type { ClientManager, ClientPlan, ImportedServer, MergedServer } from '../engine/clients/index.js';
import { openConfigStore } from '../engine/config/index.js';
import { systemClock } from '../engine/events.js';
import { issueOffline, knownOffline, type TokenIssuer } from '../engine/identity/index.js';
import { defaultPaths } from '../engine/paths.js';
import type { Logger } from '../engine/types.js';
import { findGateway } from './connection.js';
import { CliError, printJson, printTable } from './output.js';

/**
 * `mcp-gateway clients ...`: find AI clients' MCP configs, import their servers, point them at the
 * gateway and undo it. Client files are edited locally (they belong to the user running the CLI);
 * servers are added through the running gateway's API, or straight into its config file when it
 * is not running.
 */

export interface ClientsCommandDeps {
  env?: NodeJS.ProcessEnv;
  platform?: string;
  /** The command line that runs the stdio bridge (`--url <gateway>` is appended); default: this Node binary running `mcp-gateway stdio`. */
  bridgeCommand?: { command: string; args: string[] };
  /** Gateway config file and data folder (default: the app's folders, or $MCP_GATEWAY_HOME). */
  configFile?: string;
  dataDir?: string;
  /** Output (default: stdout). */
  write?: (text: string) => void;
}

interface CommonOpts {
  url?: string;
  json?: boolean;
  config?: string;
}

const quietLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return quietLogger;
  },
};

/** The CLI script, found upwards from this module (works from src and from dist). */
function defaultBridge(): { command: string; args: string[] } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'bin', 'mcp-gateway.js');
    if (existsSync(candidate)) {
      return { command: process.execPath, args: [candidate, 'stdio'] };
    }
    dir = path.dirname(dir);
  }
  return { command: 'mcp-gateway', args: ['stdio'] };
}

interface Setup {
  manager: ClientManager;
  gatewayUrl: string;
  configFile: string;
  /** The running gateway's API, when it answers. */
  api: ApiClient | undefined;
  gatewayServers: Record<string, ServerConfig>;
}

interface LocalGateway {
  servers: Record<string, ServerConfig>;
  port: number;
  host: string;
  clientAuth: 'required' | 'off';
}

async function readGatewayServers(configFile: string): Promise<LocalGateway> {
  try {
    await stat(configFile);
  } catch {
    return { servers: {}, port: DEFAULT_PORT, host: DEFAULT_HOST, clientAuth: 'required' };
  }
  const store = await openConfigStore({
    path: configFile,
    logger: quietLogger,
    watch: false,
    createIfMissing: false,
  });
  try {
    const problem = store.problem();
    if (problem !== undefined) {
      throw new CliError(
        `the gateway config ${configFile} has a problem${problem.line ? ` at line ${problem.line}` : ''}: ${problem.message} — fix it first`,
      );
    }
    const c = store.current();
    return {
      servers: c.mcpServers,
      port: c.gateway.port,
      host: c.gateway.host,
      clientAuth: c.gateway.clientAuth,
    };
  } finally {
    await store.close();
  }
}

async function reachable(api: ApiClient): Promise<boolean> {
  try {
    await api.call(health);
    return true;
  } catch {
    return false;
  }
}

async function setup(deps: ClientsCommandDeps, opts: CommonOpts): Promise<Setup> {
  const env = deps.env ?? process.env;
  const paths = defaultPaths(env);
  const configFile = opts.config ?? deps.configFile ?? paths.configFile;
  const dataDir = deps.dataDir ?? paths.dataDir;
  const local = await readGatewayServers(configFile);
  const target = await findGateway(opts.url, env);
  let api: ApiClient | undefined;
  if (
    target.token !== undefined &&
    (opts.url !== undefined || env.MCP_GATEWAY_URL !== undefined || target.runtime !== undefined)
  ) {
    const candidate = createApiClient({
      baseUrl: target.baseUrl,
      token: target.token,
      fetch: (url, init) =>
        fetch(url, { ...(init as RequestInit), signal: AbortSignal.timeout(5_000) }) as never,
    });
    api = (await reachable(candidate)) ? candidate : undefined;
  }
  // Without a running gateway, the URL comes from its config: that is where it will listen.
  const base =
    opts.url !== undefined || env.MCP_GATEWAY_URL !== undefined || target.runtime !== undefined
      ? target.baseUrl
      : `http://${local.host}:${local.port}`;
  const gatewayUrl = `${base.replace(/\/+$/, '')}/mcp`;
  let seen: string[] = [];
  if (api !== undefined) {
    try {
      seen = (await api.call(listSessions)).sessions.map((s) => s.clientName);
    } catch {
      seen = [];
    }
  }
  const gatewayServers = local.servers;
  // Loaded here, not at start: every other command (and `serve`) starts faster without it.
  const { createClientManager } = await import('../engine/clients/index.js');
  const manager = createClientManager({
    env,
    platform: deps.platform ?? process.platform,
    dataDir,
    gatewayUrl,
    bridgeCommand: deps.bridgeCommand ?? defaultBridge(),
    logger: quietLogger,
    clock: systemClock,
    seenClients: () => seen,
    gatewayServers: () => gatewayServers,
    tokens: await tokenIssuer(api, gatewayUrl, local, dataDir),
  });
  return { manager, gatewayUrl, configFile, api, gatewayServers };
}

/**
 * Where `connect` gets the client's token: the running gateway (through its API), or, when none
 * runs, the token store in the data folder that the gateway reads when it starts.
 */
async function tokenIssuer(
  api: ApiClient | undefined,
  gatewayMcpUrl: string,
  local: LocalGateway,
  dataDir: string,
): Promise<TokenIssuer> {
  if (api !== undefined) {
    const { clientAuth } = await api.call(listTokens);
    return {
      enabled: () => clientAuth === 'required',
      // Without a session, a known token gets 400 ("send initialize first"), an unknown one 401.
      knows: async (token) => {
        const res = await fetch(`${gatewayMcpUrl}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            authorization: `Bearer ${token}`,
          },
          body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
          signal: AbortSignal.timeout(5_000),
        }).catch(() => undefined);
        await res?.text().catch(() => undefined);
        return res !== undefined && res.status !== 401;
      },
      async issue(name) {
        const old = (await api.call(listTokens)).tokens.find((t) => t.name === name);
        if (old !== undefined) {
          await api.call(revokeToken, { params: { id: old.id } });
        }
        return (
          await api.call(createToken, {
            body: { name, ...(old !== undefined ? { profile: old.profile } : {}) },
          })
        ).token;
      },
    };
  }
  return {
    enabled: () => local.clientAuth === 'required',
    knows: (token) => knownOffline(dataDir, token),
    issue: (name) => issueOffline(dataDir, name, Date.now()),
  };
}

function yes(b: boolean): string {
  return b ? 'yes' : '-';
}

function describeServer(c: ServerConfig): string {
  return c.command !== undefined
    ? [c.command, ...(c.args ?? [])].join(' ')
    : `${c.url ?? ''}${c.type ? ` (${c.type})` : ''}`;
}

function secretsText(s: Pick<MergedServer, 'secrets'>): string {
  return s.secrets.map((f) => `${f.key} (${f.field})`).join(', ');
}

function printPlan(write: (s: string) => void, plan: ClientPlan, secrets: string[]): void {
  for (const w of plan.warnings) {
    write(`! ${w}\n`);
  }
  const changed = plan.files.filter((f) => f.changed);
  if (changed.length === 0) {
    write(`${plan.name} is already connected to the gateway: nothing to change\n`);
    return;
  }
  for (const f of changed) {
    write(redactText(f.diff, secrets));
  }
}

/** Register `clients list|import|connect|disconnect|restore|backups` on the program. */
export function registerClientsCommand(program: Command, deps: ClientsCommandDeps = {}): Command {
  const write = deps.write ?? ((s: string) => void process.stdout.write(s));
  const json = (v: unknown) =>
    deps.write === undefined ? printJson(v) : write(JSON.stringify(v, null, 2) + '\n');
  const table = (head: string[], rows: (string | number)[][], empty?: string) => {
    if (deps.write === undefined) {
      printTable(head, rows, empty);
    } else {
      // Plain text for callers that capture output.
      write(
        rows.length === 0
          ? `${empty ?? '(none)'}\n`
          : [head, ...rows].map((r) => r.join('\t')).join('\n') + '\n',
      );
    }
  };
  const clients = program
    .command('clients')
    .description(
      'find AI clients (Claude, Cursor, VS Code, ...), import their servers, point them at the gateway',
    );
  const common = (cmd: Command) =>
    cmd
      .option('--url <url>', 'gateway URL (default: the running gateway, or $MCP_GATEWAY_URL)')
      .option('--config <file>', 'gateway config file (default: the app data folder, or $MCP_GATEWAY_HOME)')
      .option('--json', 'print JSON');

  common(clients.command('list').description('clients on this machine, their config files and servers'))
    .option('--all', 'also list clients that are not installed')
    .action(async (opts: CommonOpts & { all?: boolean }) => {
      const { manager } = await setup(deps, opts);
      const found = await manager.detect();
      if (opts.json) {
        json({
          ...found,
          clients: found.clients.map((c) => ({
            ...c,
            files: c.files.map((f) => ({
              ...f,
              servers: f.servers.map((s) => ({ ...s, config: redactFlaggedConfig(s.config, s.secrets) })),
            })),
          })),
          servers: found.servers.map((s) => ({ ...s, config: redactFlaggedConfig(s.config, s.secrets) })),
        });
        return;
      }
      const shown = found.clients.filter((c) => opts.all === true || c.installed);
      table(
        ['client', 'id', 'connected', 'seen', 'servers', 'config files'],
        shown.map((c) => [
          c.name,
          c.id,
          yes(c.connected),
          yes(c.seen),
          c.files.reduce((n, f) => n + f.servers.filter((s) => s.config !== undefined).length, 0),
          c.files
            .filter((f) => f.exists)
            .map(
              (f) =>
                `${f.file}${f.problem ? ` (CANNOT BE READ: ${f.problem.message}${f.problem.line ? ` at line ${f.problem.line}, column ${f.problem.column ?? 1}` : ''})` : ''}`,
            )
            .join('\n') || '(none yet)',
        ]),
        'no AI clients found on this machine (try --all to see where each one is looked for)',
      );
      if (found.servers.length > 0) {
        write('\nServers found (import with `mcp-gateway clients import <name>...`):\n');
        table(
          ['name', 'id', 'from', 'command / url', 'secrets', 'in gateway'],
          found.servers.map((s) => [
            s.suggestedName,
            s.id,
            s.sources
              .map((x) => `${x.client}${x.name !== s.suggestedName ? ` (as ${x.name})` : ''}`)
              .join(', ') +
              (s.scope === 'user' ? '' : `\nPROJECT ${s.project ?? ''} (imported only by name)`),
            describeServer(redactFlaggedConfig(s.config, s.secrets)),
            secretsText(s),
            s.inGateway ?? '',
          ]),
        );
      }
      for (const c of found.conflicts) {
        write(
          `! "${c.name}" means different servers in different clients; they are listed under different names\n`,
        );
      }
    });

  common(
    clients
      .command('import [servers...]')
      .description('add servers found in client configs to the gateway (by name or id)'),
  )
    .option('--all', "import every server found in clients' own settings (not project files)")
    .option(
      '--include-project',
      "with --all, also import servers from projects' files (they wait for approval before they run)",
    )
    .option('--from <client>', 'only servers from this client (id from `clients list`)')
    .option('--as <id=name...>', 'import a server under another name')
    .option('--dry-run', 'show what would be added, change nothing')
    .action(
      async (
        wanted: string[],
        opts: CommonOpts & {
          all?: boolean;
          includeProject?: boolean;
          from?: string;
          as?: string[];
          dryRun?: boolean;
        },
      ) => {
        const s = await setup(deps, opts);
        const found = await s.manager.detect();
        if (opts.from !== undefined && !s.manager.adapters.some((a) => a.id === opts.from)) {
          throw new CliError(
            `unknown client "${opts.from}": use one of ${s.manager.adapters.map((a) => a.id).join(', ')}`,
          );
        }
        let pool = found.servers.filter(
          (m) => opts.from === undefined || m.sources.some((x) => x.client === opts.from),
        );
        if (opts.all !== true) {
          if (wanted.length === 0) {
            throw new CliError('name the servers to import (see `mcp-gateway clients list`), or use --all');
          }
          const missing = wanted.filter(
            (w) =>
              !pool.some((m) => m.id === w || m.suggestedName === w || m.sources.some((x) => x.name === w)),
          );
          if (missing.length > 0) {
            throw new CliError(
              `no server called ${missing.map((m) => `"${m}"`).join(', ')} was found: \`mcp-gateway clients list\` shows what there is`,
            );
          }
          pool = pool.filter((m) =>
            wanted.some((w) => m.id === w || m.suggestedName === w || m.sources.some((x) => x.name === w)),
          );
        }
        // A project's file (often a cloned repository's) is not the user's choice: "all" leaves its
        // servers out unless asked to take them too, and says so.
        const projectScoped =
          opts.all === true && opts.includeProject !== true ? pool.filter((m) => m.scope !== 'user') : [];
        pool = pool.filter((m) => !projectScoped.includes(m));
        const leftOut =
          projectScoped.length === 0
            ? undefined
            : `left out ${projectScoped.length} server${projectScoped.length === 1 ? '' : 's'} from project files: ` +
              projectScoped
                .map((m) => `${m.suggestedName} (${m.project ?? m.sources[0]?.file ?? ''})`)
                .join(', ') +
              ' — import them by name, or add --include-project; they wait for your approval before they run\n';
        const names: Record<string, string> = {};
        for (const pair of opts.as ?? []) {
          const [key, name] = pair.split('=');
          const m = pool.find((x) => x.id === key || x.suggestedName === key);
          if (m === undefined || name === undefined || name === '') {
            throw new CliError(
              `--as ${pair}: write it as <name-or-id>=<new name>, for a server being imported`,
            );
          }
          names[m.id] = name;
        }
        const ids = pool.map((m) => m.id);
        if (opts.dryRun === true) {
          const rows = pool.map((m) => [
            names[m.id] ?? m.suggestedName,
            describeServer(redactFlaggedConfig(m.config, m.secrets)),
            secretsText(m),
            m.inGateway ? `already in the gateway as ${m.inGateway}` : m.notes.join('; '),
          ]);
          if (opts.json) {
            json({
              wouldAdd: pool.map((m) => ({
                name: names[m.id] ?? m.suggestedName,
                id: m.id,
                scope: m.scope,
                config: redactFlaggedConfig(m.config, m.secrets),
                secrets: m.secrets,
              })),
              leftOut: projectScoped.map((m) => ({
                name: m.suggestedName,
                id: m.id,
                scope: m.scope,
                project: m.project,
              })),
            });
          } else {
            table(['name', 'command / url', 'secrets', 'note'], rows, 'nothing to import');
            if (leftOut !== undefined) {
              write(`- ${leftOut}`);
            }
          }
          return;
        }
        const sink = async (entries: ImportedServer[]) => {
          if (s.api !== undefined) {
            for (const e of entries) {
              await s.api.call(addServer, { body: { name: e.name, config: e.config } });
            }
            return;
          }
          const store = await openConfigStore({ path: s.configFile, logger: quietLogger, watch: false });
          try {
            await store.update((draft) => {
              for (const e of entries) {
                draft.mcpServers[e.name] = e.config;
              }
            }, 'import');
          } finally {
            await store.close();
          }
        };
        const result =
          ids.length === 0 ? { added: [], skipped: [] } : await s.manager.import({ ids, names }, sink);
        if (opts.json) {
          json({
            ...result,
            added: result.added.map((a) => ({ ...a, config: redactFlaggedConfig(a.config, a.secrets) })),
            leftOut: projectScoped.map((m) => ({
              name: m.suggestedName,
              id: m.id,
              scope: m.scope,
              project: m.project,
            })),
            via: s.api !== undefined ? 'api' : s.configFile,
          });
          return;
        }
        table(
          ['added', 'command / url', 'note'],
          result.added.map((a) => [
            a.name,
            describeServer(redactFlaggedConfig(a.config, a.secrets)),
            a.notes.join('; '),
          ]),
          'nothing was added',
        );
        for (const k of result.skipped) {
          write(`- skipped ${k.name ?? k.id}: ${k.reason}\n`);
        }
        if (leftOut !== undefined) {
          write(`- ${leftOut}`);
        }
        for (const a of result.added) {
          if (a.approval !== undefined) {
            write(`! ${a.name} does not run yet: ${a.approval.reason}\n`);
          }
        }
        const flagged = result.added.filter((a) => a.secrets.length > 0);
        for (const a of flagged) {
          write(
            `! ${a.name} holds secrets in plain text (${secretsText(a)}): move them to the keychain and write \${secret:NAME} instead\n`,
          );
        }
        if (result.added.length > 0) {
          write(
            s.api !== undefined
              ? 'added to the running gateway\n'
              : `written to ${s.configFile} (the gateway starts them when it runs)\n`,
          );
        }
      },
    );

  common(
    clients
      .command('connect <client>')
      .description('point a client at the gateway (backs up its config first)'),
  )
    .option('--remove-imported', 'also remove, from the client, the servers the gateway now runs')
    .option('--dry-run', 'print the change as a diff, write nothing')
    .action(async (client: string, opts: CommonOpts & { removeImported?: boolean; dryRun?: boolean }) => {
      const { manager } = await setup(deps, opts);
      const options = { removeImported: opts.removeImported === true };
      const { knownSecrets } = await import('../engine/clients/index.js');
      const secrets = await knownSecrets(manager);
      if (opts.dryRun === true) {
        const plan = await manager.preview(client, options);
        if (opts.json) {
          json({
            ...plan,
            files: plan.files.map((f) => ({
              file: f.file,
              changed: f.changed,
              actions: f.actions,
              diff: redactText(f.diff, secrets),
            })),
          });
        } else {
          printPlan(write, plan, secrets);
        }
        return;
      }
      const result = await manager.connect(client, options);
      if (opts.json) {
        json({
          client: result.client,
          files: result.files,
          replanned: result.replanned,
          warnings: result.plan.warnings,
          reloadHint: result.reloadHint,
        });
        return;
      }
      for (const w of result.plan.warnings) {
        write(`! ${w}\n`);
      }
      const changed = result.files.filter((f) => f.changed);
      if (changed.length === 0) {
        write(`${result.plan.name} is already connected to the gateway: nothing changed\n`);
        return;
      }
      for (const f of changed) {
        write(`updated ${f.file} (backup ${f.backupId ?? ''})\n`);
      }
      write(`${result.reloadHint}\nUndo with \`mcp-gateway clients disconnect ${result.client}\`.\n`);
    });

  common(
    clients
      .command('disconnect <client>')
      .description('undo connect: restore the backup, or take the gateway entry out again'),
  ).action(async (client: string, opts: CommonOpts) => {
    const { manager } = await setup(deps, opts);
    const result = await manager.disconnect(client);
    if (opts.json) {
      json(result);
      return;
    }
    table(
      ['file', 'result', 'note'],
      result.files.map((f) => [f.file, f.action, f.message ?? '']),
      'nothing to undo: the gateway had not changed this client',
    );
    if (result.files.some((f) => f.action === 'failed')) {
      process.exitCode = 1;
    }
  });

  common(
    clients.command('backups').description('backups of client configs taken before the gateway changed them'),
  ).action(async (opts: CommonOpts) => {
    const { manager } = await setup(deps, opts);
    const list = await manager.backups();
    if (opts.json) {
      json({ dir: manager.backupsDir, backups: list });
      return;
    }
    table(
      ['id', 'client', 'time', 'file', 'state'],
      list.map((b) => [b.id, b.client, b.time, b.path, b.restoredAt === null ? 'in force' : 'restored']),
      `no backups (they are kept in ${manager.backupsDir})`,
    );
  });

  common(
    clients
      .command('restore <target>')
      .description('put back original bytes: a backup id, a client id, or "all"'),
  ).action(async (target: string, opts: CommonOpts) => {
    const { manager } = await setup(deps, opts);
    const result = await manager.restore(target);
    if (opts.json) {
      json(result);
      return;
    }
    table(
      ['backup', 'client', 'file', 'result'],
      result.restored.map((r) => [r.id, r.client, r.file, r.result]),
      'nothing to restore',
    );
  });

  return clients;
}
