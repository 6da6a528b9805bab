import { create } from 'zustand';

import { listProfiles, type ProfileSummaryDto } from '../../src-shared/api/identity.js';
import type { EngineLink } from '../api/engine.js';

/**
 * The profiles with what their clients see. A snapshot fetched on demand: the tokens card and
 * the profiles card share it, and both ask for it again after a change and when the config or
 * the catalog changes (their views refetch when the settings or tools stores do).
 */
interface ProfilesState {
  profiles: ProfileSummaryDto[] | undefined;
  error: unknown;
}

export const useProfiles = create<ProfilesState>(() => ({ profiles: undefined, error: undefined }));

export async function loadProfiles(link: EngineLink): Promise<void> {
  try {
    const { profiles } = await link.api.call(listProfiles);
    useProfiles.setState({ profiles, error: undefined });
  } catch (err) {
    useProfiles.setState({ error: err });
  }
}
