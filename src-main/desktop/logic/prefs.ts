/**
 * UI preferences the desktop shell keeps (in electron-store): window size, theme, last view,
 * update checks. The gateway's own config stays in the engine's file. Anything unreadable in
 * the stored file falls back to its default rather than breaking the start.
 */
import { z } from 'zod';

import { FULL_SIZE, MIN_SIZE } from './window-options.js';

const PrefsSchema = z.object({
  window: z
    .object({
      width: z.number().int().min(MIN_SIZE.width).max(10_000).catch(FULL_SIZE.width),
      height: z.number().int().min(MIN_SIZE.height).max(10_000).catch(FULL_SIZE.height),
      /** Whether the window was last a full window rather than the tray popover. */
      expanded: z.boolean().catch(false),
    })
    .catch({ width: FULL_SIZE.width, height: FULL_SIZE.height, expanded: false }),
  theme: z.enum(['system', 'light', 'dark']).catch('system'),
  lastView: z.string().max(200).catch(''),
  /** Check GitHub releases for updates (packaged builds only). */
  autoUpdate: z.boolean().catch(true),
});
export type Prefs = z.infer<typeof PrefsSchema>;

export const DEFAULT_PREFS: Prefs = PrefsSchema.parse({});

/** Stored data of any shape → valid preferences. */
export function readPrefs(stored: unknown): Prefs {
  return PrefsSchema.parse(stored ?? {});
}
