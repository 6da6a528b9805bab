import { CliError } from '../output.js';

/** `tools call`: its arguments, from `--args '{…}'` and `key=value` pairs. */

function parseArgsObject(json: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('not an object');
    }
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new CliError(
      `--args must be a JSON object, e.g. --args '{"query":"x"}' (${(err as Error).message})`,
    );
  }
}

/** Argument values: JSON when it parses (numbers, booleans, objects), else the string. */
export function parseToolArgs(pairs: string[], json: string | undefined): Record<string, unknown> {
  const args: Record<string, unknown> = json !== undefined ? parseArgsObject(json) : {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) {
      throw new CliError(
        `"${p}": pass tool arguments as key=value (values in JSON where needed) or --args '{...}'`,
      );
    }
    const raw = p.slice(i + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    args[p.slice(0, i)] = value;
  }
  return args;
}
