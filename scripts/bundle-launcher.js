// The bundled CLI's launcher, copied to dist/bundle/mcp-gateway.js by scripts/bundle-cli.js and
// run by bin/mcp-gateway.js; CommonJS (dist/bundle/package.json says so), as it starts sooner.
// It loads the CommonJS bundle through a compile hook that keeps V8's compiled code for each file
// in dist/bundle/cache/, so later starts skip parsing and compiling
// (most of the CPU of a cold start). A cache V8 rejects, or one that cannot be read or written
// (a read-only install), only costs the compile. With `--enable-source-maps` the bundle loads
// the ordinary way, so stack traces point at the TypeScript sources.
//
// The build's warm-up start (MCP_GATEWAY_BUNDLE_WARM_UP=1) writes `*.warm.v8` caches: it has no
// servers and no clients, so they miss much of what a real start compiles. The first real start
// uses them and then writes the full `*.v8` caches that every later start uses.
'use strict';
const { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { createRequire } = Module;
const path = require('node:path');
const vm = require('node:vm');

const here = __dirname;
const cacheDir = path.join(here, 'cache');
const warmUp = process.env.MCP_GATEWAY_BUNDLE_WARM_UP === '1';
const fresh = [];
let saveTimer;

function save() {
  clearTimeout(saveTimer);
  const todo = fresh.splice(0);
  if (todo.length === 0) {
    return;
  }
  try {
    mkdirSync(cacheDir, { recursive: true });
    for (const { script, cacheFile, replaces } of todo) {
      // Written whole, then renamed: a concurrent start never reads half a file.
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
      if (replaces !== undefined) {
        rmSync(replaces, { force: true });
      }
    }
  } catch {
    // No cache this time.
  }
}

if (
  !process.execArgv.includes('--enable-source-maps') &&
  !/--enable-source-maps/.test(process.env.NODE_OPTIONS ?? '')
) {
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (!filename.startsWith(here + path.sep) || !filename.endsWith('.cjs')) {
      return compile.call(this, content, filename);
    }
    let cacheFile;
    let warmFile;
    let cachedData;
    let fromWarmUp = false;
    try {
      // V8 checks a cache against the source's length only: the name ties it to this build.
      const st = statSync(filename);
      const stem = path.join(cacheDir, `${path.basename(filename)}.${st.size}-${Math.trunc(st.mtimeMs)}`);
      warmFile = `${stem}.warm.v8`;
      cacheFile = warmUp ? warmFile : `${stem}.v8`;
      cachedData = readFileSync(cacheFile);
    } catch {
      try {
        cachedData = warmFile !== undefined && !warmUp ? readFileSync(warmFile) : undefined;
        fromWarmUp = cachedData !== undefined;
      } catch {
        cachedData = undefined;
      }
    }
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected || fromWarmUp)) {
      fresh.push({ script, cacheFile, replaces: fromWarmUp ? warmFile : undefined });
      // Saved once start-up is over (the cache then holds what start-up compiled), or at exit.
      saveTimer ??= setTimeout(save, 2_000).unref();
    }
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(
      this.exports,
      this.exports,
      createRequire(filename),
      this,
      filename,
      path.dirname(filename),
    );
  };
  process.on('exit', save);
}

require('./mcp-gateway.cjs');
