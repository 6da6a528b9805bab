import type { Command } from 'commander';

import { redactText } from '../../../src-shared/redact.js';
import type { ConnectResult } from '../../engine/clients/index.js';
import { planText } from './format.js';
import type { Printer } from './printer.js';
import { type ClientsContext, commonOptions, type CommonOpts, setup } from './setup.js';

/** `clients connect`: a client pointed at the gateway, or the change it would make (`--dry-run`). */

type ConnectOpts = CommonOpts & { removeImported?: boolean; dryRun?: boolean };

/** What `connect` did: the files it changed (with their backups) and how to undo it. */
export function connectText(result: ConnectResult): string {
  const warnings = result.plan.warnings.map((w) => `! ${w}\n`).join('');
  const changed = result.files.filter((f) => f.changed);
  if (changed.length === 0) {
    return warnings + `${result.plan.name} is already connected to the gateway: nothing changed\n`;
  }
  return (
    warnings +
    changed.map((f) => `updated ${f.file} (backup ${f.backupId ?? ''})\n`).join('') +
    `${result.reloadHint}\nUndo with \`mcp-gateway clients disconnect ${result.client}\`.\n`
  );
}

function printConnected(out: Printer, result: ConnectResult, json: boolean | undefined): void {
  if (json) {
    out.json({
      client: result.client,
      files: result.files,
      replanned: result.replanned,
      warnings: result.plan.warnings,
      reloadHint: result.reloadHint,
    });
    return;
  }
  out.write(connectText(result));
}

export function registerConnect(clients: Command, { deps, out }: ClientsContext): void {
  commonOptions(
    clients
      .command('connect <client>')
      .description('point a client at the gateway (backs up its config first)'),
  )
    .option('--remove-imported', 'also remove, from the client, the servers the gateway now runs')
    .option('--dry-run', 'print the change as a diff, write nothing')
    .action(async (client: string, opts: ConnectOpts) => {
      const { manager } = await setup(deps, opts);
      const options = { removeImported: opts.removeImported === true };
      const { knownSecrets } = await import('../../engine/clients/index.js');
      const secrets = await knownSecrets(manager);
      if (opts.dryRun !== true) {
        printConnected(out, await manager.connect(client, options), opts.json);
        return;
      }
      const plan = await manager.preview(client, options);
      if (!opts.json) {
        out.write(planText(plan, secrets));
        return;
      }
      out.json({
        ...plan,
        files: plan.files.map((f) => ({
          file: f.file,
          changed: f.changed,
          actions: f.actions,
          diff: redactText(f.diff, secrets),
        })),
      });
    });
}
