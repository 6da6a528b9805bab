import { SupervisorSettingsSchema } from '../../../src-shared/config.js';

export type SupervisorSettings = ReturnType<typeof SupervisorSettingsSchema.parse>;

/**
 * `gateway.supervisor` as the supervisor reads it: a getter called at each use, so edits to the
 * config apply live; a fixed (possibly partial) value is completed with the defaults once.
 */
export function settingsReader(
  option: Partial<SupervisorSettings> | (() => SupervisorSettings) | undefined,
): () => SupervisorSettings {
  if (typeof option === 'function') {
    return option;
  }
  const fixed = SupervisorSettingsSchema.parse(option ?? {});
  return () => fixed;
}
