/**
 * The HTTP side of the engine: express and the MCP frontends. `createEngine` loads it with a
 * dynamic import after the configured servers have been spawned, so loading and compiling it
 * overlaps their start-up instead of delaying it. (The control plane loads on first use.)
 */
export { default as express } from 'express';
export { mountFrontends } from './frontends/index.js';
