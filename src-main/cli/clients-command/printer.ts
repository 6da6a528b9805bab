import { printJson, printTable } from '../output.js';

/**
 * Where the `clients` commands print: stdout (tables drawn for a terminal), or the caller's
 * `write`, which gets plain tab-separated rows it can read back.
 */
export interface Printer {
  write: (text: string) => void;
  json: (value: unknown) => void;
  table: (head: string[], rows: (string | number)[][], empty?: string) => void;
}

export function createPrinter(write?: (text: string) => void): Printer {
  if (write === undefined) {
    return {
      write: (s) => void process.stdout.write(s),
      json: printJson,
      table: (head, rows, empty) => printTable(head, rows, empty),
    };
  }
  return {
    write,
    json: (v) => write(JSON.stringify(v, null, 2) + '\n'),
    table: (head, rows, empty) =>
      write(
        rows.length === 0
          ? `${empty ?? '(none)'}\n`
          : [head, ...rows].map((r) => r.join('\t')).join('\n') + '\n',
      ),
  };
}
