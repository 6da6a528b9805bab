import { type Dispatch, type SetStateAction, useEffect, useState } from 'react';

import { previewProfile, type ProfilePreviewDto } from '../../../src-shared/api/identity.js';
import type { ProfileConfig } from '../../../src-shared/config.js';
import type { EngineLink } from '../../api/engine.js';
import { type FieldErrors, fieldMessage, fieldOf } from './draft.js';

/**
 * The preview follows the form, a moment after the last keystroke; late answers are dropped. A
 * value the engine refuses is shown at its field (in `setErrors`); the preview waits for a valid one.
 */
export function useProfilePreview(
  link: EngineLink,
  configKey: string,
  setErrors: Dispatch<SetStateAction<FieldErrors>>,
): { preview: ProfilePreviewDto | undefined; previewError: unknown } {
  const [preview, setPreview] = useState<ProfilePreviewDto | undefined>(undefined);
  const [previewError, setPreviewError] = useState<unknown>(undefined);
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      link.api
        .call(previewProfile, { body: { profile: JSON.parse(configKey) as ProfileConfig } })
        .then((p) => {
          if (!stale) {
            setPreview(p);
            setPreviewError(undefined);
          }
        })
        .catch((err: unknown) => {
          if (stale) {
            return;
          }
          const field = fieldOf(err);
          if (field !== undefined) {
            setErrors((e) => ({ ...e, [field]: fieldMessage(err) }));
            setPreviewError(undefined);
          } else {
            setPreviewError(err);
          }
        });
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [link, configKey, setErrors]);
  return { preview, previewError };
}
