import * as Menu from '@radix-ui/react-dropdown-menu';
import { Moon, MoreHorizontal, RotateCcw, ShieldOff, Sun, Trash2 } from 'lucide-react';
import { useState } from 'react';

import { removeServer, serverAction } from '../api/actions.js';
import { useEngine } from '../api/context.js';
import type { ServerRow } from '../stores/servers.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { Switch } from './switch.js';

type Action = 'enable' | 'disable' | 'restart' | 'reset' | 'wake' | 'sleep';

/** The "more actions" menu: restart, wake or sleep now, reset circuit, remove. */
function ActionsMenu({
  server,
  run,
  onRemove,
}: {
  server: ServerRow;
  run: (action: Action) => void;
  onRemove: () => void;
}) {
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <button className="btn ghost icon sm" aria-label={`More actions for ${server.name}`}>
          <MoreHorizontal size={16} />
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="menu" align="end" sideOffset={4}>
          <Menu.Item className="menu-item" disabled={server.disabled} onSelect={() => run('restart')}>
            <RotateCcw size={14} /> Restart
          </Menu.Item>
          {server.state === 'sleeping' ? (
            <Menu.Item className="menu-item" onSelect={() => run('wake')}>
              <Sun size={14} /> Wake
            </Menu.Item>
          ) : (
            <Menu.Item
              className="menu-item"
              disabled={
                server.transport !== 'stdio' ||
                server.state !== 'running' ||
                (server.sleepBlockers ?? []).length > 0
              }
              onSelect={() => run('sleep')}
            >
              <Moon size={14} /> Sleep now
            </Menu.Item>
          )}
          <Menu.Item className="menu-item" disabled={server.state !== 'error'} onSelect={() => run('reset')}>
            <ShieldOff size={14} /> Reset circuit
          </Menu.Item>
          <Menu.Separator className="menu-sep" />
          <Menu.Item className="menu-item danger" onSelect={onRemove}>
            <Trash2 size={14} /> Remove…
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}

/** Enable switch plus a menu (restart, reset circuit, remove with confirmation). */
export function ServerActions({
  server,
  showSwitch = true,
  onRemoved,
}: {
  server: ServerRow;
  showSwitch?: boolean;
  onRemoved?: () => void;
}) {
  const link = useEngine();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const run = (action: Action): void => {
    setBusy(true);
    void serverAction(link, server.name, action).finally(() => setBusy(false));
  };
  return (
    <div className="row-actions" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      {showSwitch && (
        <Switch
          checked={!server.disabled}
          disabled={busy}
          label={`${server.disabled ? 'Enable' : 'Disable'} ${server.name}`}
          onChange={(on) => run(on ? 'enable' : 'disable')}
        />
      )}
      <ActionsMenu server={server} run={run} onRemove={() => setConfirm(true)} />
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title={`Remove ${server.name}?`}
        confirmLabel="Remove"
        danger
        onConfirm={() => {
          setConfirm(false);
          onRemoved?.();
          void removeServer(link, server.name);
        }}
      >
        <p className="muted" style={{ margin: 0 }}>
          The server is stopped and its entry is deleted from the config. Clients stop seeing its{' '}
          {server.tools} tools. You can undo for a few seconds.
        </p>
      </ConfirmDialog>
    </div>
  );
}
