import { SERVER_NAME_PATTERN } from '../../../src-shared/config.js';
import type { CatalogEntry } from '../../lib/catalog.js';

/** The catalog entry's id as the server's name, numbered (-2, -3, ...) when a server has it already. */
export function freeName(id: string, existing: readonly string[]): string {
  let n = id;
  for (let i = 2; existing.includes(n) && i < 100; i++) {
    n = `${id}-${i}`;
  }
  return n;
}

/** What is wrong with the name typed in the catalog dialog; undefined when it can be added. */
export function catalogNameError(name: string, existing: readonly string[]): string | undefined {
  return !SERVER_NAME_PATTERN.test(name)
    ? 'Not a valid name.'
    : existing.includes(name)
      ? `"${name}" already exists.`
      : undefined;
}

/** The names of the entry's required variables still empty. */
export function missingEnv(pick: CatalogEntry | undefined, env: Record<string, string>): string[] {
  return (pick?.env ?? [])
    .filter((e) => e.required === true && (env[e.name] ?? '').trim() === '')
    .map((e) => e.name);
}
