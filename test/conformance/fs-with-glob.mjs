/**
 * What the conformance suite imports from `fs`, plus globSync (Node 22 API subset: a pattern
 * and `{ cwd }`), for Node 20.
 */
import fs, { existsSync, mkdtempSync, promises, readdirSync, readFileSync, writeFileSync } from 'node:fs';

import { globSync as tinyGlobSync } from 'tinyglobby';

export { existsSync, mkdtempSync, promises, readdirSync, readFileSync, writeFileSync };
export default fs;

export function globSync(pattern, options = {}) {
  return tinyGlobSync(Array.isArray(pattern) ? pattern : [pattern], {
    cwd: options.cwd ?? process.cwd(),
    dot: true,
  });
}
