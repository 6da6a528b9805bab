import { useMemo, useState } from 'react';

import { createProfile, type ProfileSummaryDto, putProfile } from '../../../src-shared/api/identity.js';
import { useEngine } from '../../api/context.js';
import { toast, toastError } from '../../components/toaster.js';
import { formatTokens } from '../../lib/format.js';
import { loadProfiles } from '../../stores/profiles.js';
import { useServers } from '../../stores/servers.js';
import {
  configOf,
  type Draft,
  draftOf,
  type FieldErrors,
  fieldMessage,
  type FieldName,
  fieldOf,
  nameProblem,
  serverChoices,
} from './draft.js';
import { useProfilePreview } from './use-profile-preview.js';

/** The editor's draft, its errors by field, the live preview, and saving it. */
export function useProfileEditor(
  profile: ProfileSummaryDto | undefined,
  taken: string[],
  onClose: () => void,
) {
  const link = useEngine();
  const creating = profile === undefined;
  const base = useMemo(() => profile?.config ?? {}, [profile]);
  const [draft, setDraft] = useState<Draft>(() => draftOf(profile?.name ?? '', base));
  const servers = useServers((s) => s.byName);
  const serverNames = useMemo(
    () => serverChoices(Object.keys(servers), draft.servers),
    [servers, draft.servers],
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const config = useMemo(() => configOf(draft, base), [draft, base]);
  const { preview, previewError } = useProfilePreview(link, JSON.stringify(config), setErrors);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    const field = key === 'allServers' ? 'servers' : (key as FieldName);
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const save = async (): Promise<void> => {
    const name = draft.name.trim();
    const problem = nameProblem(name, creating, taken);
    if (problem !== undefined) {
      setErrors({ name: problem });
      return;
    }
    setBusy(true);
    try {
      const out = creating
        ? await link.api.call(createProfile, { body: { name, profile: config } })
        : await link.api.call(putProfile, { params: { name }, body: config });
      toast({
        kind: 'success',
        title: creating ? `Profile ${out.name} created` : `Profile ${out.name} saved`,
        description: `${out.tools} tools, ${formatTokens(out.tokens)} tokens. Written to the config file.`,
      });
      await loadProfiles(link);
      onClose();
    } catch (err) {
      const field = fieldOf(err);
      if (field !== undefined) {
        setErrors({ [field]: fieldMessage(err) });
      } else {
        toastError(creating ? 'The profile was not created' : 'The profile was not saved', err);
      }
    } finally {
      setBusy(false);
    }
  };

  /** The aria attributes of a control whose field has an error. */
  const invalid = (f: FieldName) =>
    errors[f] !== undefined ? { 'aria-invalid': true, 'aria-describedby': `pf-${f}-err` } : {};

  return { creating, draft, set, serverNames, errors, invalid, busy, save, preview, previewError };
}

export type ProfileEditorModel = ReturnType<typeof useProfileEditor>;
