import { useMemo, useState } from 'react';

import * as routes from '../../../src-shared/api/routes.js';
import { useEngine } from '../../api/context.js';
import { toast } from '../../components/toaster.js';
import { buildConfig, type Draft, type Errors } from './draft.js';
import { useExistingNames } from './use-existing-names.js';

/** The form's checks (shown once it was submitted) and adding the server it describes. */
export function useServerForm(draft: Draft, setDraft: (d: Draft) => void, onDone: (name: string) => void) {
  const link = useEngine();
  const existing = useExistingNames();
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [apiError, setApiError] = useState<unknown>(undefined);
  const { errors, config } = useMemo(() => buildConfig(draft, existing), [draft, existing]);
  const show = (k: keyof Errors): string | undefined => (touched ? errors[k] : undefined);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setDraft({ ...draft, [k]: v });

  const submit = async (): Promise<void> => {
    setTouched(true);
    setApiError(undefined);
    if (config === undefined) {
      return;
    }
    setBusy(true);
    try {
      const name = draft.name.trim();
      await link.api.call(routes.addServer, { body: { name, config } });
      toast({ kind: 'success', title: `Added ${name}`, description: 'It is starting now.' });
      onDone(name);
    } catch (err) {
      setApiError(err);
    } finally {
      setBusy(false);
    }
  };
  return { draft, set, show, formError: touched ? errors.form : undefined, apiError, busy, submit };
}

export type ServerFormState = ReturnType<typeof useServerForm>;
