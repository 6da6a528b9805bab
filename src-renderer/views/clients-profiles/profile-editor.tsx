import * as Dialog from '@radix-ui/react-dialog';

import type { ProfileSummaryDto } from '../../../src-shared/api/identity.js';
import { GlobFields, ModeAndRateFields, NameFields, PinnedField, ServersField } from './fields.js';
import { ProfilePreview } from './preview.js';
import { useProfileEditor } from './use-profile-editor.js';

/** Create or edit a profile, with a live preview of what it selects and costs. */
export function ProfileEditor(props: { profile?: ProfileSummaryDto; taken: string[]; onClose: () => void }) {
  const m = useProfileEditor(props.profile, props.taken, props.onClose);
  return (
    <Dialog.Root open onOpenChange={(o) => !o && props.onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content
          className="dialog"
          style={{ width: 'min(880px, calc(100vw - 24px))' }}
          aria-describedby="pf-desc"
        >
          <Dialog.Title>
            {m.creating ? 'New profile' : `Edit profile ${props.profile?.name ?? ''}`}
          </Dialog.Title>
          <p className="muted" id="pf-desc" style={{ margin: 0 }}>
            What the clients of this profile list, search and call. It narrows what the tool switches and
            budgets let through, never widens it.
          </p>
          <form
            noValidate
            id="profile-form"
            onSubmit={(e) => {
              e.preventDefault();
              void m.save();
            }}
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: 16 }}
          >
            <div style={{ display: 'grid', gap: 12, alignContent: 'start' }}>
              <NameFields m={m} />
              <ServersField m={m} />
              <GlobFields m={m} />
              <ModeAndRateFields m={m} />
              <PinnedField m={m} />
            </div>
            <ProfilePreview preview={m.preview} error={m.previewError} />
          </form>
          <div className="actions">
            <Dialog.Close asChild>
              <button className="btn">Cancel</button>
            </Dialog.Close>
            <button className="btn primary" type="submit" form="profile-form" disabled={m.busy}>
              {m.creating ? 'Create profile' : 'Save profile'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
