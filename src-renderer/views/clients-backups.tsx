import { History, RotateCcw } from 'lucide-react';
import { useEffect, useState } from 'react';

import { useEngine } from '../api/context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorCallout } from '../components/error-callout.js';
import { toast, toastError } from '../components/toaster.js';
import {
  type Backup,
  type ClientReport,
  loadBackups,
  restoreClientFiles,
  useClients,
} from '../stores/clients.js';
import { newestFirst, restoredSummary, when } from './clients-backups/backup-text.js';

/**
 * "Restore original" for one client: every file the gateway changed for it gets its exact original
 * bytes back (servers removed on connect included). Asks first, since later hand edits are lost.
 */
export function RestoreClientButton({ client }: { client: ClientReport }) {
  const link = useEngine();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const restore = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await restoreClientFiles(link, client.id);
      toast({
        kind: 'success',
        title: `${client.name}: original config restored`,
        description: restoredSummary(r),
        durationMs: 9000,
      });
      setOpen(false);
    } catch (err) {
      toastError(`${client.name} could not be restored`, err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        className="btn sm"
        onClick={() => setOpen(true)}
        disabled={client.backups === 0}
        title={client.backups === 0 ? 'The gateway has not changed this client’s files' : undefined}
      >
        <RotateCcw size={13} /> Restore original
      </button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Restore ${client.name}’s original config?`}
        confirmLabel="Restore"
        busy={busy}
        onConfirm={() => void restore()}
      >
        <p className="muted" style={{ margin: 0 }}>
          Each file the gateway changed for {client.name} gets back the exact bytes it had before. Edits made
          to those files since then are replaced.
        </p>
      </ConfirmDialog>
    </>
  );
}

/**
 * The backups taken before client files were changed, newest first, each restorable on its own.
 * `detect` is the latest scan shown next to it: a new scan (after connect or disconnect) reloads the list.
 */
/** Restoring one backup or all of them; `busy` names the one under way. */
function useRestore() {
  const link = useEngine();
  const [confirmAll, setConfirmAll] = useState(false);
  const [busy, setBusy] = useState<string | undefined>(undefined);

  const restore = async (target: string, label: string): Promise<void> => {
    setBusy(target);
    try {
      const r = await restoreClientFiles(link, target);
      toast({
        kind: 'success',
        title: `${label}: restored`,
        description: restoredSummary(r),
        durationMs: 9000,
      });
      setConfirmAll(false);
    } catch (err) {
      toastError(`${label} could not be restored`, err);
    } finally {
      setBusy(undefined);
    }
  };

  return { confirmAll, setConfirmAll, busy, restore };
}

/** One backup: its client and file, whether the gateway's change is in force, when it was taken. */
function BackupRow({
  b,
  name,
  busy,
  restore,
}: {
  b: Backup;
  name: string;
  busy: boolean;
  restore: (target: string, label: string) => Promise<void>;
}) {
  return (
    <tr>
      <td style={{ minWidth: 0 }}>
        <div className="row wrap" style={{ gap: 6 }}>
          <b>{name}</b>
          {b.active ? (
            <span className="tag">gateway change in force</span>
          ) : (
            <span className="tag ok">restored</span>
          )}
          {!b.existed && <span className="tag">file was created</span>}
        </div>
        <div className="mono faint" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
          {b.path}
        </div>
        {b.removed.length > 0 && (
          <div className="help">Servers moved to the gateway: {b.removed.join(', ')}</div>
        )}
      </td>
      <td className="hide-compact muted" style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
        {when(b.time)}
      </td>
      <td className="num">
        <button
          className="btn sm"
          disabled={busy || !b.active}
          onClick={() => void restore(b.id, `${name} (${b.path})`)}
          aria-label={`Restore ${name} ${b.path}`}
        >
          <RotateCcw size={13} /> Restore
        </button>
      </td>
    </tr>
  );
}

/** Restoring every file the gateway changed, after asking. */
function RestoreAllDialog({
  r,
  names,
  files,
}: {
  r: ReturnType<typeof useRestore>;
  names: string[];
  files: number;
}) {
  return (
    <ConfirmDialog
      open={r.confirmAll}
      onOpenChange={r.setConfirmAll}
      title="Restore every client’s original config?"
      confirmLabel={`Restore ${files} file${files === 1 ? '' : 's'}`}
      danger
      busy={r.busy === 'all'}
      onConfirm={() => void r.restore('all', 'All clients')}
    >
      <p className="muted" style={{ margin: 0 }}>
        Every file the gateway changed gets back the exact bytes it had before: {names.join(', ')}. The
        clients stop using the gateway once restarted.
      </p>
    </ConfirmDialog>
  );
}

export function BackupsCard({ detect }: { detect?: unknown }) {
  const link = useEngine();
  const backups = useClients((s) => s.backups);
  const error = useClients((s) => s.backupsError);
  const clients = useClients((s) => s.detect?.clients);
  const r = useRestore();
  const { busy, restore } = r;

  useEffect(() => {
    void loadBackups(link);
  }, [link, detect]);

  const nameOf = (id: string): string => clients?.find((c) => c.id === id)?.name ?? id;
  const list = newestFirst(backups?.backups ?? []);
  const active = list.filter((b) => b.active);

  return (
    <section className="card" aria-labelledby="backups-h">
      <div className="card-head">
        <History size={16} aria-hidden />
        <h2 id="backups-h">Backups</h2>
        <span className="spacer" />
        {active.length > 0 && (
          <button className="btn sm" onClick={() => r.setConfirmAll(true)} disabled={busy !== undefined}>
            <RotateCcw size={13} /> Restore all
          </button>
        )}
      </div>
      {error !== undefined && (
        <div className="card-pad">
          <ErrorCallout error={error} title="Could not list the backups" />
        </div>
      )}
      {backups !== undefined && list.length === 0 && (
        <div className="card-pad faint">
          No backups yet: the gateway takes one before it first changes a client’s file.
        </div>
      )}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Backups">
            <thead>
              <tr>
                <th>Client and file</th>
                <th className="hide-compact">Taken</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((b: Backup) => (
                <BackupRow
                  key={b.id}
                  b={b}
                  name={nameOf(b.client)}
                  busy={busy !== undefined}
                  restore={restore}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {backups !== undefined && (
        <div className="card-pad help" style={{ paddingTop: 6 }}>
          Kept in {backups.dir}
        </div>
      )}
      <RestoreAllDialog
        r={r}
        names={[...new Set(active.map((b) => nameOf(b.client)))]}
        files={active.length}
      />
    </section>
  );
}
