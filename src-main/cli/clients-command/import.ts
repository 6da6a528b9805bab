import type { Command } from 'commander';

import { addServer } from '../../../src-shared/api/routes.js';
import { redactFlaggedConfig } from '../../../src-shared/flagged-secrets.js';
import type { ImportedServer } from '../../engine/clients/index.js';
import { openConfigStore } from '../../engine/config/index.js';
import { describeRedacted, importNotes, secretsText } from './format.js';
import {
  type ImportChoice,
  type ImportSelectionResult,
  leftOutJson,
  selectImports,
} from './import-selection.js';
import type { Printer } from './printer.js';
import {
  type ClientsContext,
  commonOptions,
  type CommonOpts,
  quietLogger,
  type Setup,
  setup,
} from './setup.js';

/** `clients import`: servers found in clients' configs added to the gateway (or its config file). */

type ImportOpts = CommonOpts & ImportChoice & { dryRun?: boolean };

function printDryRun(out: Printer, sel: ImportSelectionResult, json: boolean | undefined): void {
  const { pool, names } = sel;
  if (json) {
    out.json({
      wouldAdd: pool.map((m) => ({
        name: names[m.id] ?? m.suggestedName,
        id: m.id,
        scope: m.scope,
        config: redactFlaggedConfig(m.config, m.secrets),
        secrets: m.secrets,
      })),
      leftOut: leftOutJson(sel.projectScoped),
    });
    return;
  }
  const rows = pool.map((m) => [
    names[m.id] ?? m.suggestedName,
    describeRedacted(m),
    secretsText(m),
    m.inGateway ? `already in the gateway as ${m.inGateway}` : m.notes.join('; '),
  ]);
  out.table(['name', 'command / url', 'secrets', 'note'], rows, 'nothing to import');
  if (sel.leftOut !== undefined) {
    out.write(`- ${sel.leftOut}`);
  }
}

/** Where imported servers go: the running gateway's API, else straight into its config file. */
function importSink(s: Setup): (entries: ImportedServer[]) => Promise<void> {
  return async (entries) => {
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
}

async function runImport(out: Printer, s: Setup, sel: ImportSelectionResult, json?: boolean): Promise<void> {
  const ids = sel.pool.map((m) => m.id);
  const result =
    ids.length === 0
      ? { added: [], skipped: [] }
      : await s.manager.import({ ids, names: sel.names }, importSink(s));
  if (json) {
    out.json({
      ...result,
      added: result.added.map((a) => ({ ...a, config: redactFlaggedConfig(a.config, a.secrets) })),
      leftOut: leftOutJson(sel.projectScoped),
      via: s.api !== undefined ? 'api' : s.configFile,
    });
    return;
  }
  out.table(
    ['added', 'command / url', 'note'],
    result.added.map((a) => [a.name, describeRedacted(a), a.notes.join('; ')]),
    'nothing was added',
  );
  const notes = importNotes(result, sel.leftOut);
  if (notes !== '') {
    out.write(notes);
  }
  if (result.added.length > 0) {
    out.write(
      s.api !== undefined
        ? 'added to the running gateway\n'
        : `written to ${s.configFile} (the gateway starts them when it runs)\n`,
    );
  }
}

export function registerImport(clients: Command, { deps, out }: ClientsContext): void {
  commonOptions(
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
    .action(async (wanted: string[], opts: ImportOpts) => {
      const s = await setup(deps, opts);
      const found = await s.manager.detect();
      const clientIds = s.manager.adapters.map((a) => a.id);
      const sel = selectImports(found.servers, clientIds, wanted, opts);
      if (opts.dryRun === true) {
        printDryRun(out, sel, opts.json);
        return;
      }
      await runImport(out, s, sel, opts.json);
    });
}
