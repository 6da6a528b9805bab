/**
 * Node 20 has no `fs.globSync`, which the conformance suite imports. Preload with
 * `node --import ./test/conformance/fs-glob-shim.mjs`: the suite's `fs` import resolves to
 * fs-with-glob.mjs (all of fs plus a globSync backed by tinyglobby). Newer Node is untouched.
 */
import fs from 'node:fs';
import { register } from 'node:module';

if (typeof fs.globSync !== 'function') {
  register('./fs-glob-hooks.mjs', import.meta.url);
}
