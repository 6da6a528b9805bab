/**
 * The tray menu as data. The glue turns it into an Electron Menu and sends clicks back as
 * `TrayAction`s to `runTrayAction`; both sides are testable without Electron.
 */
import { attentionItems, gatewayItems, sep, serverItems } from './menu-sections.js';
import { type ServerSummary, trayState } from './tray-state.js';

export { MAX_INLINE_SERVERS } from './menu-sections.js';

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

export function buildMenuModel(input: MenuInput): MenuItemModel[] {
  const t = trayState(input.servers, input.paused);
  const servers = [...input.servers].sort((a, b) => a.name.localeCompare(b.name));
  return [
    { id: 'status', label: t.status, kind: 'normal', enabled: false },
    sep('sep:status'),
    ...attentionItems(servers, input),
    ...serverItems(servers, input.paused),
    ...gatewayItems(input),
  ];
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
