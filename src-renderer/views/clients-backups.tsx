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

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function restoredSummary(r: { restored: Array<{ file: string; result: 'restored' | 'unchanged' }> }): string {
  const changed = r.restored.filter((x) => x.result === 'restored');
  if (r.restored.length === 0) {
    return 'There was nothing to restore.';
  }
  return changed.length === 0
    ? 'The files already held their original contents.'
    : `Put back: ${changed.map((x) => x.file).join(', ')}. Restart the client so it reads the file again.`;
}

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
export function BackupsCard({ detect }: { detect?: unknown }) {
  const link = useEngine();
  const backups = useClients((s) => s.backups);
  const error = useClients((s) => s.backupsError);
  const clients = useClients((s) => s.detect?.clients);
  const [confirmAll, setConfirmAll] = useState(false);
  const [busy, setBusy] = useState<string | undefined>(undefined);

  useEffect(() => {
    void loadBackups(link);
  }, [link, detect]);

  const nameOf = (id: string): string => clients?.find((c) => c.id === id)?.name ?? id;
  const list = [...(backups?.backups ?? [])].sort((a, b) => b.time.localeCompare(a.time));
  const active = list.filter((b) => b.active);

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

  return (
    <section className="card" aria-labelledby="backups-h">
      <div className="card-head">
        <History size={16} aria-hidden />
        <h2 id="backups-h">Backups</h2>
        <span className="spacer" />
        {active.length > 0 && (
          <button className="btn sm" onClick={() => setConfirmAll(true)} disabled={busy !== undefined}>
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
                <tr key={b.id}>
                  <td style={{ minWidth: 0 }}>
                    <div className="row wrap" style={{ gap: 6 }}>
                      <b>{nameOf(b.client)}</b>
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
                      disabled={busy !== undefined || !b.active}
                      onClick={() => void restore(b.id, `${nameOf(b.client)} (${b.path})`)}
                      aria-label={`Restore ${nameOf(b.client)} ${b.path}`}
                    >
                      <RotateCcw size={13} /> Restore
                    </button>
                  </td>
                </tr>
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
      <ConfirmDialog
        open={confirmAll}
        onOpenChange={setConfirmAll}
        title="Restore every client’s original config?"
        confirmLabel={`Restore ${active.length} file${active.length === 1 ? '' : 's'}`}
        danger
        busy={busy === 'all'}
        onConfirm={() => void restore('all', 'All clients')}
      >
        <p className="muted" style={{ margin: 0 }}>
          Every file the gateway changed gets back the exact bytes it had before:{' '}
          {[...new Set(active.map((b) => nameOf(b.client)))].join(', ')}. The clients stop using the gateway
          once restarted.
        </p>
      </ConfirmDialog>
    </section>
  );
}
