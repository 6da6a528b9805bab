/**
 * The tray menu as data. The glue turns it into an Electron Menu and sends clicks back as
 * `TrayAction`s to `runTrayAction`; both sides are testable without Electron.
 */
import type { ServerState } from '../../../src-shared/states.js';
import { type ServerSummary, STATE_LABELS, trayState } from './tray-state.js';

export type TrayAction =
  | { type: 'open-dashboard' }
  | { type: 'open-server'; server: string }
  | { type: 'copy-url' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'enable'; server: string }
  | { type: 'disable'; server: string }
  | { type: 'restart'; server: string }
  | { type: 'wake'; server: string }
  | { type: 'reset-circuit'; server: string }
  | { type: 'sign-in'; server: string }
  | { type: 'set-start-at-login'; on: boolean }
  | { type: 'set-auto-update'; on: boolean }
  | { type: 'quit' };

export interface MenuItemModel {
  id: string;
  label: string;
  kind: 'normal' | 'separator' | 'checkbox' | 'submenu';
  enabled: boolean;
  checked?: boolean;
  action?: TrayAction;
  submenu?: MenuItemModel[];
}

export interface MenuInput {
  servers: readonly ServerSummary[];
  paused: boolean;
  startAtLogin: boolean;
  autoUpdate: boolean;
  /** The MCP endpoint clients connect to. */
  endpoint: string;
  /** Per server, tools held back by tool trust and waiting for the user's review. */
  pendingReview?: Readonly<Record<string, number>>;
}

/** Servers shown inline before the rest go under "More servers". */
export const MAX_INLINE_SERVERS = 15;

const STATE_MARK: Readonly<Record<ServerState, string>> = {
  running: '●',
  degraded: '◐',
  starting: '◌',
  restarting: '◌',
  error: '✕',
  stopped: '○',
  disabled: '○',
  sleeping: '☾',
  'needs-sign-in': '⚿',
  'needs-approval': '?',
};

const sep = (id: string): MenuItemModel => ({ id, label: '', kind: 'separator', enabled: true });

function signInItem(s: ServerSummary, paused: boolean, id: string): MenuItemModel {
  return {
    id,
    label: `Sign in to ${s.name}…`,
    kind: 'normal',
    enabled: !paused,
    action: { type: 'sign-in', server: s.name },
  };
}

function serverItem(s: ServerSummary, paused: boolean): MenuItemModel {
  const enabled = s.state !== 'disabled';
  const sub: MenuItemModel[] = [
    ...(s.state === 'needs-sign-in' ? [signInItem(s, paused, `server:${s.name}:sign-in`)] : []),
    {
      id: `server:${s.name}:open`,
      label: 'Show Details…',
      kind: 'normal',
      enabled: true,
      action: { type: 'open-server', server: s.name },
    },
    sep(`server:${s.name}:sep`),
    {
      id: `server:${s.name}:enabled`,
      label: 'Enabled',
      kind: 'checkbox',
      enabled: true,
      checked: enabled,
      action: enabled ? { type: 'disable', server: s.name } : { type: 'enable', server: s.name },
    },
    {
      id: `server:${s.name}:restart`,
      label: 'Restart',
      kind: 'normal',
      // A disabled server or a paused gateway has nothing to restart.
      enabled: enabled && !paused,
      action: { type: 'restart', server: s.name },
    },
  ];
  if (s.state === 'sleeping') {
    sub.push({
      id: `server:${s.name}:wake`,
      label: 'Wake Now',
      kind: 'normal',
      enabled: !paused,
      action: { type: 'wake', server: s.name },
    });
  }
  if (s.state === 'error') {
    sub.push({
      id: `server:${s.name}:reset`,
      label: 'Reset Circuit and Retry',
      kind: 'normal',
      enabled: !paused,
      action: { type: 'reset-circuit', server: s.name },
    });
  }
  return {
    id: `server:${s.name}`,
    label: `${STATE_MARK[s.state]} ${s.name} — ${STATE_LABELS[s.state]}`,
    kind: 'submenu',
    enabled: true,
    submenu: sub,
  };
}

export function buildMenuModel(input: MenuInput): MenuItemModel[] {
  const t = trayState(input.servers, input.paused);
  const servers = [...input.servers].sort((a, b) => a.name.localeCompare(b.name));
  const items: MenuItemModel[] = [
    { id: 'status', label: t.status, kind: 'normal', enabled: false },
    sep('sep:status'),
  ];
  // Servers waiting for the user to sign in get an item of their own at the top: nothing else fixes them.
  const waiting = servers.filter((s) => s.state === 'needs-sign-in');
  if (waiting.length > 0) {
    items.push(
      ...waiting.slice(0, MAX_INLINE_SERVERS).map((s) => signInItem(s, input.paused, `sign-in:${s.name}`)),
      sep('sep:sign-in'),
    );
  }
  // Imported servers waiting for approval: the page shows what each runs and the Approve button
  // (approving from the menu without seeing that would defeat the point).
  const approvals = servers.filter((s) => s.state === 'needs-approval');
  if (approvals.length > 0) {
    items.push(
      ...approvals.slice(0, MAX_INLINE_SERVERS).map((s): MenuItemModel => ({
        id: `approve:${s.name}`,
        label: `Review ${s.name} before it runs…`,
        kind: 'normal',
        enabled: true,
        action: { type: 'open-server', server: s.name },
      })),
      sep('sep:approve'),
    );
  }
  // Tools held back by tool trust: clients never see them until the user reviews the change.
  const review = Object.entries(input.pendingReview ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  if (review.length > 0) {
    items.push(
      ...review.slice(0, MAX_INLINE_SERVERS).map(([server, n]): MenuItemModel => ({
        id: `review:${server}`,
        label: `Review ${n === 1 ? '1 held-back tool' : `${n} held-back tools`} of ${server}…`,
        kind: 'normal',
        enabled: true,
        action: { type: 'open-server', server },
      })),
      sep('sep:review'),
    );
  }
  if (servers.length === 0) {
    items.push({ id: 'servers:none', label: 'Add servers in the dashboard', kind: 'normal', enabled: false });
  } else {
    const inline = servers.slice(0, MAX_INLINE_SERVERS);
    items.push(...inline.map((s) => serverItem(s, input.paused)));
    const rest = servers.slice(MAX_INLINE_SERVERS);
    if (rest.length > 0) {
      items.push({
        id: 'servers:more',
        label: `More Servers (${rest.length})`,
        kind: 'submenu',
        enabled: true,
        submenu: rest.map((s) => serverItem(s, input.paused)),
      });
    }
  }
  items.push(
    sep('sep:servers'),
    {
      id: 'open-dashboard',
      label: 'Open Dashboard',
      kind: 'normal',
      enabled: true,
      action: { type: 'open-dashboard' },
    },
    {
      id: 'copy-url',
      label: `Copy Endpoint URL (${input.endpoint})`,
      kind: 'normal',
      enabled: true,
      action: { type: 'copy-url' },
    },
    input.paused
      ? { id: 'pause', label: 'Resume Gateway', kind: 'normal', enabled: true, action: { type: 'resume' } }
      : { id: 'pause', label: 'Pause Gateway', kind: 'normal', enabled: true, action: { type: 'pause' } },
    sep('sep:gateway'),
    {
      id: 'start-at-login',
      label: 'Start at Login',
      kind: 'checkbox',
      enabled: true,
      checked: input.startAtLogin,
      action: { type: 'set-start-at-login', on: !input.startAtLogin },
    },
    {
      id: 'auto-update',
      label: 'Check for Updates Automatically',
      kind: 'checkbox',
      enabled: true,
      checked: input.autoUpdate,
      action: { type: 'set-auto-update', on: !input.autoUpdate },
    },
    sep('sep:quit'),
    { id: 'quit', label: 'Quit MCP Gateway', kind: 'normal', enabled: true, action: { type: 'quit' } },
  );
  return items;
}

/** What tray actions need from the app; the glue passes the engine and Electron behind these. */
export interface TrayActionDeps {
  openWindow(view?: { server?: string }): void;
  copyText(text: string): void;
  endpoint: string;
  pause(): Promise<void>;
  resume(): Promise<void>;
  setServerDisabled(server: string, disabled: boolean): Promise<void>;
  restart(server: string): Promise<void>;
  wake(server: string): Promise<void>;
  resetCircuit(server: string): Promise<void>;
  /** Start the browser sign-in of a remote server (the page opens in the system browser). */
  signIn(server: string): Promise<void>;
  setStartAtLogin(on: boolean): Promise<void> | void;
  setAutoUpdate(on: boolean): Promise<void> | void;
  quit(): void;
}

export async function runTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  switch (action.type) {
    case 'open-dashboard':
      deps.openWindow();
      return;
    case 'open-server':
      deps.openWindow({ server: action.server });
      return;
    case 'copy-url':
      deps.copyText(deps.endpoint);
      return;
    case 'pause':
      return deps.pause();
    case 'resume':
      return deps.resume();
    case 'enable':
      return deps.setServerDisabled(action.server, false);
    case 'disable':
      return deps.setServerDisabled(action.server, true);
    case 'restart':
      return deps.restart(action.server);
    case 'wake':
      return deps.wake(action.server);
    case 'reset-circuit':
      return deps.resetCircuit(action.server);
    case 'sign-in':
      return deps.signIn(action.server);
    case 'set-start-at-login':
      await deps.setStartAtLogin(action.on);
      return;
    case 'set-auto-update':
      await deps.setAutoUpdate(action.on);
      return;
    case 'quit':
      deps.quit();
      return;
  }
}
