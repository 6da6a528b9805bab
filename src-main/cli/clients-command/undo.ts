import type { Command } from 'commander';

import { type ClientsContext, commonOptions, type CommonOpts, setup } from './setup.js';

/** `clients disconnect`, `backups` and `restore`: taking the gateway out of a client again. */

export function registerDisconnect(clients: Command, { deps, out }: ClientsContext): void {
  commonOptions(
    clients
      .command('disconnect <client>')
      .description('undo connect: restore the backup, or take the gateway entry out again'),
  ).action(async (client: string, opts: CommonOpts) => {
    const { manager } = await setup(deps, opts);
    const result = await manager.disconnect(client);
    if (opts.json) {
      out.json(result);
      return;
    }
    out.table(
      ['file', 'result', 'note'],
      result.files.map((f) => [f.file, f.action, f.message ?? '']),
      'nothing to undo: the gateway had not changed this client',
    );
    if (result.files.some((f) => f.action === 'failed')) {
      process.exitCode = 1;
    }
  });
}

export function registerBackups(clients: Command, { deps, out }: ClientsContext): void {
  commonOptions(
    clients.command('backups').description('backups of client configs taken before the gateway changed them'),
  ).action(async (opts: CommonOpts) => {
    const { manager } = await setup(deps, opts);
    const list = await manager.backups();
    if (opts.json) {
      out.json({ dir: manager.backupsDir, backups: list });
      return;
    }
    out.table(
      ['id', 'client', 'time', 'file', 'state'],
      list.map((b) => [b.id, b.client, b.time, b.path, b.restoredAt === null ? 'in force' : 'restored']),
      `no backups (they are kept in ${manager.backupsDir})`,
    );
  });
}

export function registerRestore(clients: Command, { deps, out }: ClientsContext): void {
  commonOptions(
    clients
      .command('restore <target>')
      .description('put back original bytes: a backup id, a client id, or "all"'),
  ).action(async (target: string, opts: CommonOpts) => {
    const { manager } = await setup(deps, opts);
    const result = await manager.restore(target);
    if (opts.json) {
      out.json(result);
      return;
    }
    out.table(
      ['backup', 'client', 'file', 'result'],
      result.restored.map((r) => [r.id, r.client, r.file, r.result]),
      'nothing to restore',
    );
  });
}
