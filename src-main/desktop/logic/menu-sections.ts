/**
 * The tray menu's sections, each from the menu's input: what waits for the user (sign-in,
 * approval, held-back tools), the servers with their own submenus, and the gateway's items.
 */
import type { ServerState } from '../../../src-shared/states.js';
import type { MenuInput, MenuItemModel } from './menu-model.js';
import { type ServerSummary, STATE_LABELS } from './tray-state.js';

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

export const sep = (id: string): MenuItemModel => ({ id, label: '', kind: 'separator', enabled: true });

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

/** What only the user can fix, each section closed by a separator: sign-in, approval, held-back tools. */
export function attentionItems(servers: readonly ServerSummary[], input: MenuInput): MenuItemModel[] {
  const items: MenuItemModel[] = [];
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
  return items;
}

/** A submenu per server, the first ones inline and the rest under "More Servers". */
export function serverItems(servers: readonly ServerSummary[], paused: boolean): MenuItemModel[] {
  if (servers.length === 0) {
    return [{ id: 'servers:none', label: 'Add servers in the dashboard', kind: 'normal', enabled: false }];
  }
  const items = servers.slice(0, MAX_INLINE_SERVERS).map((s) => serverItem(s, paused));
  const rest = servers.slice(MAX_INLINE_SERVERS);
  if (rest.length > 0) {
    items.push({
      id: 'servers:more',
      label: `More Servers (${rest.length})`,
      kind: 'submenu',
      enabled: true,
      submenu: rest.map((s) => serverItem(s, paused)),
    });
  }
  return items;
}

/** The dashboard, the endpoint, pause, the app's settings and quit. */
export function gatewayItems(input: MenuInput): MenuItemModel[] {
  return [
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
  ];
}
