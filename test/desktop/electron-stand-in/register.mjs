/**
 * Loaded with `node --import` before the desktop main process: every `electron` import and
 * require (ours, electron-store's, electron-updater's) gets the recording stand-in instead.
 * Nothing here is Electron; the stand-in only records what the main process asks of it.
 */
import Module, { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const standIn = path.join(path.dirname(fileURLToPath(import.meta.url)), 'electron.cjs');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? standIn : resolveFilename.call(this, request, ...rest);
};

const hooks = `export async function resolve(specifier, context, next) {
  return specifier === 'electron' ? { url: ${JSON.stringify(pathToFileURL(standIn).href)}, shortCircuit: true } : next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
