import type { Command } from 'commander';

import { deleteSecret, listSecrets, setSecret } from '../../src-shared/api/secrets.js';
import { gatewayOptions, type GatewayOpts } from './commands.js';
import { connect } from './connection.js';
import { CliError, printJson, printTable } from './output.js';

/** Read a secret without echoing it (TTY) or from piped stdin; never from the command line. */
async function readSecretValue(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) {
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write('value (not shown): ');
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new CliError('cancelled'));
          return;
        }
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

export function registerSecretsCommand(program: Command): void {
  const secrets = program
    .command('secrets')
    .description('keep API keys in the OS keychain and use them as ${secret:NAME} in env or headers');

  gatewayOptions(
    secrets
      .command('list')
      .alias('ls')
      .description('names of stored secrets (values are never shown)')
      .action(async (opts: GatewayOpts) => {
        const out = await (await connect(opts.url)).call(listSecrets);
        if (opts.json) {
          printJson(out);
          return;
        }
        process.stdout.write(
          `secrets are kept in: ${out.store.description}${out.store.available ? '' : ` — unavailable: ${out.store.reason ?? ''}`}\n`,
        );
        printTable(
          ['name', 'reference'],
          out.names.map((n) => [n, `\${secret:${n}}`]),
          'no secrets yet: `mcp-gateway secrets set NAME` (the value is read from the terminal or stdin)',
        );
      }),
  );

  gatewayOptions(
    secrets
      .command('set <name>')
      .description('store a secret; the value is read from the terminal (hidden) or stdin, or --from-env')
      .option('--from-env <var>', 'take the value from this environment variable')
      .action(async (name: string, opts: GatewayOpts & { fromEnv?: string }) => {
        let value: string;
        if (opts.fromEnv !== undefined) {
          const v = process.env[opts.fromEnv];
          if (v === undefined || v === '') {
            throw new CliError(`--from-env ${opts.fromEnv}: that variable is not set`);
          }
          value = v;
        } else {
          value = await readSecretValue();
        }
        if (value === '') {
          throw new CliError(
            'no value given: type it at the prompt, pipe it on stdin, or use --from-env VAR',
          );
        }
        const out = await (await connect(opts.url)).call(setSecret, { params: { name }, body: { value } });
        if (opts.json) {
          printJson(out);
          return;
        }
        process.stdout.write(`stored '${name}': use \${secret:${name}} in a server's env or headers\n`);
      }),
  );

  gatewayOptions(
    secrets
      .command('delete <name>')
      .alias('rm')
      .description('remove a secret')
      .action(async (name: string, opts: GatewayOpts) => {
        const out = await (await connect(opts.url)).call(deleteSecret, { params: { name } });
        if (opts.json) {
          printJson(out);
          return;
        }
        process.stdout.write(`deleted '${name}'\n`);
      }),
  );
}
