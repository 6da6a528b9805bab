import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';

import { type ProfileSummaryDto, renameProfile } from '../../../src-shared/api/identity.js';
import { useEngine } from '../../api/context.js';
import { TextField } from '../../components/field.js';
import { toast } from '../../components/toaster.js';
import { loadProfiles } from '../../stores/profiles.js';
import { movedAlong } from './summary.js';

/** The new name, its error, and renaming (the tokens of the profile move along). */
function useRename(profile: ProfileSummaryDto, onClose: () => void) {
  const link = useEngine();
  const [to, setTo] = useState(profile.name);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setBusy(true);
    try {
      const out = await link.api.call(renameProfile, {
        params: { name: profile.name },
        body: { to: to.trim() },
      });
      toast({
        kind: 'success',
        title: `${profile.name} is now ${out.name}`,
        description: movedAlong(out.clients),
      });
      await loadProfiles(link);
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return { to, setTo, error, setError, busy, submit };
}

/** A new name for a profile; its tokens move along. */
export function RenameDialog({ profile, onClose }: { profile: ProfileSummaryDto; onClose: () => void }) {
  const { to, setTo, error, setError, busy, submit } = useRename(profile, onClose);
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>Rename profile {profile.name}</Dialog.Title>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
            style={{ display: 'grid', gap: 14 }}
          >
            <TextField
              id="pf-rename"
              label="New name"
              value={to}
              onChange={(v) => {
                setTo(v);
                setError(undefined);
              }}
              error={error}
              hint={
                profile.clients.length > 0
                  ? `Its tokens (${profile.clients.join(', ')}) move along.`
                  : undefined
              }
              autoComplete="off"
              maxLength={48}
              autoFocus
            />
            <div className="actions">
              <Dialog.Close asChild>
                <button className="btn" type="button">
                  Cancel
                </button>
              </Dialog.Close>
              <button
                className="btn primary"
                type="submit"
                disabled={busy || to.trim() === '' || to.trim() === profile.name}
              >
                Rename
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
