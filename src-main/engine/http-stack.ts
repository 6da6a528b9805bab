/**
 * The HTTP side of the engine: express, the MCP frontends and the control plane. `createEngine`
 * loads it with a dynamic import after the configured servers have been spawned, so loading and
 * compiling it overlaps their start-up instead of delaying it.
 */
export { default as express } from 'express';
export { mountControlPlane } from './api/index.js';
export { mountFrontends } from './frontends/index.js';
