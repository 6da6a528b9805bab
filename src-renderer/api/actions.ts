import * as routes from '../../src-shared/api/routes.js';
import { REDACTED } from '../../src-shared/api/schemas.js';
import type { ServerConfig } from '../../src-shared/config.js';
import { toast, toastError } from '../components/toaster.js';
import { removeServerLocal, upsertSummary } from '../stores/servers.js';
import { useTools } from '../stores/tools.js';
import type { EngineLink } from './engine.js';

/** User actions: each calls one route, reports the outcome in words, and lets events update the lists. */

type ServerAction = 'enable' | 'disable' | 'restart' | 'reset' | 'wake' | 'sleep';

const ACTION_ROUTE = {
  enable: routes.enableServer,
  disable: routes.disableServer,
  restart: routes.restartServer,
  reset: routes.resetServerCircuit,
  wake: routes.wakeServer,
  sleep: routes.sleepServer,
} as const;

const ACTION_FAIL: Record<ServerAction, string> = {
  enable: 'Could not enable',
  disable: 'Could not disable',
  restart: 'Could not restart',
  reset: 'Could not reset the circuit of',
  wake: 'Could not wake',
  sleep: 'Could not put to sleep',
};

export async function serverAction(link: EngineLink, name: string, action: ServerAction): Promise<boolean> {
  try {
    const summary = await link.api.call(ACTION_ROUTE[action], { params: { name } });
    upsertSummary(summary, Date.now());
    return true;
  } catch (err) {
    toastError(`${ACTION_FAIL[action]} ${name}`, err);
    return false;
  }
}

function hasRedacted(v: unknown): boolean {
  if (v === REDACTED) {
    return true;
  }
  if (typeof v === 'object' && v !== null) {
    return Object.values(v).some(hasRedacted);
  }
  return false;
}

/**
 * Remove with undo. When the config shown by the API is complete, the server is removed at once
 * and Undo adds it back. When it holds redacted secrets (which cannot be sent back), the removal
 * waits out the undo window instead, so Undo never loses a secret.
 */
export async function removeServer(link: EngineLink, name: string): Promise<void> {
  let config: Record<string, unknown>;
  try {
    config = (await link.api.call(routes.getServer, { params: { name } })).config;
  } catch (err) {
    toastError(`Could not remove ${name}`, err);
    return;
  }
  const UNDO_MS = 6000;
  if (hasRedacted(config)) {
    let cancelled = false;
    const doRemove = (): void => {
      window.removeEventListener('pagehide', doRemove);
      if (cancelled) {
        return;
      }
      cancelled = true;
      link.api.call(routes.removeServer, { params: { name } }).catch((err: unknown) => {
        toastError(`Could not remove ${name}`, err);
        link.refresh(['servers']);
      });
    };
    removeServerLocal(name);
    window.addEventListener('pagehide', doRemove);
    const timer = setTimeout(doRemove, UNDO_MS);
    toast({
      kind: 'info',
      title: `Removing ${name}`,
      description: 'Its secrets go with it.',
      durationMs: UNDO_MS,
      action: {
        label: 'Undo',
        run: () => {
          cancelled = true;
          clearTimeout(timer);
          window.removeEventListener('pagehide', doRemove);
          link.refresh(['servers', 'tools']);
        },
      },
    });
    return;
  }
  try {
    await link.api.call(routes.removeServer, { params: { name } });
    removeServerLocal(name);
  } catch (err) {
    toastError(`Could not remove ${name}`, err);
    return;
  }
  toast({
    kind: 'info',
    title: `Removed ${name}`,
    durationMs: UNDO_MS,
    action: {
      label: 'Undo',
      run: () => {
        link.api
          .call(routes.addServer, { body: { name, config: config as ServerConfig } })
          .then(() => toast({ kind: 'success', title: `${name} is back` }))
          .catch((err: unknown) => toastError(`Could not add ${name} back`, err));
      },
    },
  });
}

export async function setToolEnabled(
  link: EngineLink,
  server: string,
  tool: string,
  on: boolean,
): Promise<void> {
  const id = `${server}/${tool}`;
  useTools.setState((s) => ({ pending: { ...s.pending, [id]: true } }));
  try {
    await link.api.call(on ? routes.enableTool : routes.disableTool, { params: { server, tool } });
    link.refresh(['tools', 'servers', 'context']);
  } catch (err) {
    toastError(`Could not switch ${on ? 'on' : 'off'} ${tool}`, err);
  } finally {
    useTools.setState((s) => {
      const pending = { ...s.pending };
      delete pending[id];
      return { pending };
    });
  }
}
