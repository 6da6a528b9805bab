import { useEffect, useState } from 'react';

import { type ContextPreview, previewContext } from '../../../src-shared/api/context.js';
import type { ToolSummary } from '../../../src-shared/api/schemas.js';
import { describeError } from '../../api/client.js';
import type { EngineLink } from '../../api/engine.js';
import { previewBody } from './engine-ops.js';
import type { Staged } from './staged.js';

/**
 * Asks the engine what the staged changes would select (debounced; never applied). The error is
 * 'local' when the engine has no preview route: the view then adds up the switched tools itself.
 */
export function useBudgetPreview(
  link: EngineLink,
  staged: Staged,
  tools: ToolSummary[],
  changes: number,
): { preview: ContextPreview | undefined; previewError: string | undefined } {
  const [preview, setPreview] = useState<ContextPreview | undefined>(undefined);
  const [previewError, setPreviewError] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (changes === 0) {
      setPreview(undefined);
      setPreviewError(undefined);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      previewBody(link, staged, tools)
        .then((body) => link.api.call(previewContext, { body }))
        .then((p) => {
          if (live) {
            setPreview(p);
            setPreviewError(undefined);
          }
        })
        .catch((err: unknown) => {
          if (live) {
            setPreview(undefined);
            const d = describeError(err);
            setPreviewError(d.code === 'NOT_FOUND' ? 'local' : d.message);
          }
        });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [link, staged, tools, changes]);
  return { preview, previewError };
}
