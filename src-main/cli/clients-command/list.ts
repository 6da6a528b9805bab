import type { Command } from 'commander';

import { CLIENT_HEAD, clientRow, FOUND_HEAD, foundServerRow, redactedDetect } from './format.js';
import { type ClientsContext, commonOptions, type CommonOpts, setup } from './setup.js';

/** `clients list`: the clients on this machine, their files, and the servers found in them. */
export function registerList(clients: Command, { deps, out }: ClientsContext): void {
  commonOptions(
    clients.command('list').description('clients on this machine, their config files and servers'),
  )
    .option('--all', 'also list clients that are not installed')
    .action(async (opts: CommonOpts & { all?: boolean }) => {
      const { manager } = await setup(deps, opts);
      const found = await manager.detect();
      if (opts.json) {
        out.json(redactedDetect(found));
        return;
      }
      out.table(
        CLIENT_HEAD,
        found.clients.filter((c) => opts.all === true || c.installed).map(clientRow),
        'no AI clients found on this machine (try --all to see where each one is looked for)',
      );
      if (found.servers.length > 0) {
        out.write('\nServers found (import with `mcp-gateway clients import <name>...`):\n');
        out.table(FOUND_HEAD, found.servers.map(foundServerRow));
      }
      for (const c of found.conflicts) {
        out.write(
          `! "${c.name}" means different servers in different clients; they are listed under different names\n`,
        );
      }
    });
}
