import { useEffect, useMemo, useState } from 'react';

import { previewContext } from '../../../src-shared/api/context.js';
import * as routes from '../../../src-shared/api/routes.js';
import type { ToolControls } from '../../../src-shared/config.js';
import { describeError } from '../../api/client.js';
import { useEngine } from '../../api/context.js';
import type { EngineLink } from '../../api/engine.js';
import { toast, toastError } from '../../components/toaster.js';
import { setServerDetail, useServers } from '../../stores/servers.js';
import { limitsEffect, type LimitsForm, limitsForm, limitsInvalid, nextControls } from './limits.js';

/** What the changed limits would do, asked of the gateway 200 ms after the last keystroke. */
function useLimitsPreview(link: EngineLink, name: string, next: ToolControls, active: boolean) {
  const [effect, setEffect] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!active) {
      setEffect(undefined);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      link.api
        .call(previewContext, { body: { servers: { [name]: next } } })
        .then((p) => {
          const text = limitsEffect(p, name);
          if (live && text !== undefined) {
            setEffect(text);
          }
        })
        .catch((err: unknown) => live && setEffect(describeError(err).message));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [link, name, next, active]);
  return effect;
}

/** The limits form of a server's tool controls: what is typed, its preview, and saving it. */
export function useToolLimits(name: string) {
  const link = useEngine();
  const detail = useServers((s) => s.details[name]);
  const controls = useMemo(() => (detail?.config.tools ?? {}) as ToolControls, [detail]);
  // Reset the form only when one of its four fields changes in the stored config.
  const initial = useMemo(
    () => limitsForm(controls),
    [controls.deny, controls.allow, controls.maxTools, controls.maxTokens],
  );
  const [form, setForm] = useState<LimitsForm>(initial);
  const [busy, setBusy] = useState(false);
  useEffect(() => setForm(initial), [initial]);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const bad = limitsInvalid(form);
  const next = useMemo(() => nextControls(controls, form), [controls, form]);
  const effect = useLimitsPreview(link, name, next, dirty && !bad);

  const save = async (): Promise<void> => {
    setBusy(true);
    try {
      const d = await link.api.call(routes.updateServer, {
        params: { name },
        body: { tools: Object.keys(next).length > 0 ? next : null },
      });
      setServerDetail(d, Date.now());
      link.refresh(['tools', 'servers', 'context']);
      toast({ kind: 'success', title: `Saved the tool limits of ${name}` });
    } catch (err) {
      toastError('The limits were not saved', err);
    } finally {
      setBusy(false);
    }
  };
  return {
    loaded: detail !== undefined,
    form,
    setForm,
    discard: () => setForm(initial),
    dirty,
    bad,
    effect,
    busy,
    save,
  };
}

export type ToolLimitsState = ReturnType<typeof useToolLimits>;
