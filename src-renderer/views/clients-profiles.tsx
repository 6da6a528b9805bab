import * as Dialog from '@radix-ui/react-dialog';
import { Plus, UsersRound } from 'lucide-react';
import { useEffect, useState } from 'react';

import { deleteProfile, type ProfileSummaryDto } from '../../src-shared/api/identity.js';
import { useEngine } from '../api/context.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorCallout } from '../components/error-callout.js';
import { Field } from '../components/field.js';
import { toast, toastError } from '../components/toaster.js';
import { loadProfiles, useProfiles } from '../stores/profiles.js';
import { useSettings } from '../stores/settings.js';
import { useTools } from '../stores/tools.js';
import { ProfileEditor } from './clients-profiles/profile-editor.js';
import { ProfileTable } from './clients-profiles/profile-table.js';
import { RenameDialog } from './clients-profiles/rename-dialog.js';

/**
 * Profiles: named views of the catalog that client tokens belong to. Created, edited, renamed and
 * deleted here; the engine writes them to `gateway.profiles` in the config file, entry by entry.
 * The editor previews what its globs select and what that costs in context tokens (the figures
 * of the Budgets view) before anything is saved.
 */

export function ProfilesCard() {
  const link = useEngine();
  const profiles = useProfiles((s) => s.profiles);
  const error = useProfiles((s) => s.error);
  // Profiles live in the config and price the catalog's tools: refetch when either changes.
  const settings = useSettings((s) => s.settings);
  const tools = useTools((s) => s.tools);
  const [editing, setEditing] = useState<{ profile?: ProfileSummaryDto } | undefined>(undefined);
  const [renaming, setRenaming] = useState<ProfileSummaryDto | undefined>(undefined);
  const [deleting, setDeleting] = useState<ProfileSummaryDto | undefined>(undefined);

  useEffect(() => {
    void loadProfiles(link);
  }, [link, settings, tools]);

  const defined = (profiles ?? []).filter((p) => p.defined);
  const newButton = (
    <button className="btn primary" onClick={() => setEditing({})}>
      <Plus size={14} /> New profile
    </button>
  );

  return (
    <section className="card" aria-labelledby="profiles-h">
      <div className="card-head">
        <UsersRound size={16} aria-hidden />
        <h2 id="profiles-h">Profiles</h2>
        <span className="spacer" />
        {defined.length > 0 && newButton}
      </div>
      {error !== undefined && (
        <div className="card-pad">
          <ErrorCallout error={error} title="Could not list the profiles" />
        </div>
      )}
      {profiles !== undefined && defined.length === 0 && (
        <EmptyState icon={UsersRound} title="No profiles yet" action={newButton}>
          Every client sees every tool (the default profile). Create a profile to give a client a smaller set:
          pick its servers, allow or deny tools by name, or serve the search-and-invoke meta tools; then
          choose it for the client&apos;s token above.
        </EmptyState>
      )}
      {profiles !== undefined && defined.length > 0 && (
        <ProfileTable
          profiles={profiles}
          on={{ edit: (p) => setEditing({ profile: p }), rename: setRenaming, remove: setDeleting }}
        />
      )}
      {editing !== undefined && (
        <ProfileEditor
          profile={editing.profile}
          taken={(profiles ?? []).map((p) => p.name)}
          onClose={() => setEditing(undefined)}
        />
      )}
      {renaming !== undefined && <RenameDialog profile={renaming} onClose={() => setRenaming(undefined)} />}
      {deleting !== undefined && (
        <DeleteDialog profile={deleting} profiles={profiles ?? []} onClose={() => setDeleting(undefined)} />
      )}
    </section>
  );
}

/** Deleting a profile that tokens use means choosing where they go; nothing is moved silently. */
function DeleteDialog(props: {
  profile: ProfileSummaryDto;
  profiles: ProfileSummaryDto[];
  onClose: () => void;
}) {
  const link = useEngine();
  const { profile } = props;
  const inUse = profile.name !== 'default' && profile.clients.length > 0;
  const targets = props.profiles.filter((p) => p.name !== profile.name).map((p) => p.name);
  const [moveTo, setMoveTo] = useState(targets.includes('default') ? 'default' : (targets[0] ?? ''));
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setBusy(true);
    try {
      const out = await link.api.call(deleteProfile, {
        params: { name: profile.name },
        ...(inUse ? { query: { moveTo } } : {}),
      });
      toast({ kind: 'success', title: out.message ?? `removed ${profile.name}` });
      await loadProfiles(link);
      props.onClose();
    } catch (err) {
      toastError(`${profile.name} was not deleted`, err);
    } finally {
      setBusy(false);
    }
  };
  const reset = profile.name === 'default';
  return (
    <Dialog.Root open onOpenChange={(o) => !o && props.onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>
            {reset ? 'Reset the default profile?' : `Delete profile ${profile.name}?`}
          </Dialog.Title>
          {reset ? (
            <p style={{ margin: 0 }}>Its entry leaves the config file: its clients see every tool again.</p>
          ) : inUse ? (
            <>
              <p style={{ margin: 0 }}>
                {profile.clients.join(', ')} {profile.clients.length === 1 ? 'uses' : 'use'} it. Their tokens
                move to another profile first; their open sessions end and the clients reconnect.
              </p>
              <Field id="pf-move-to" label="Move its tokens to">
                <select
                  id="pf-move-to"
                  className="select"
                  value={moveTo}
                  onChange={(e) => setMoveTo(e.target.value)}
                >
                  {targets.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </Field>
            </>
          ) : (
            <p style={{ margin: 0 }}>No token uses it. Its entry leaves the config file.</p>
          )}
          <div className="actions">
            <Dialog.Close asChild>
              <button className="btn">Cancel</button>
            </Dialog.Close>
            <button
              className="btn danger solid"
              disabled={busy || (inUse && moveTo === '')}
              onClick={() => void submit()}
            >
              {reset ? 'Reset' : inUse ? 'Move tokens and delete' : 'Delete'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
