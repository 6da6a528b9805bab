import type { z } from 'zod';
import { create } from 'zustand';

import {
  type BackupListSchema,
  type ClientsDetect,
  listBackups,
  listClients,
  restoreBackups,
} from '../../src-shared/api/clients.js';
import type { EngineLink } from '../api/engine.js';

export type ClientReport = ClientsDetect['clients'][number];
export type MergedServer = ClientsDetect['servers'][number];
type BackupList = z.infer<typeof BackupListSchema>;
export type Backup = BackupList['backups'][number];

/**
 * What the gateway found on this machine (clients, their files and servers) and the backups it
 * took before changing client files. Both are snapshots fetched on demand: client files change
 * outside the gateway, so there is no event to follow, and a scan reads the disk.
 */
interface ClientsState {
  detect: ClientsDetect | undefined;
  detectError: unknown;
  scanning: boolean;
  backups: BackupList | undefined;
  backupsError: unknown;
}

export const useClients = create<ClientsState>(() => ({
  detect: undefined,
  detectError: undefined,
  scanning: false,
  backups: undefined,
  backupsError: undefined,
}));

/** Read every client's files again. Resolves with the new report, or undefined on failure (kept in the store). */
export async function scanClients(link: EngineLink): Promise<ClientsDetect | undefined> {
  useClients.setState({ scanning: true, detectError: undefined });
  try {
    const detect = await link.api.call(listClients);
    useClients.setState({ detect, scanning: false });
    return detect;
  } catch (err) {
    useClients.setState({ detectError: err, scanning: false });
    return undefined;
  }
}

export async function loadBackups(link: EngineLink): Promise<void> {
  try {
    const backups = await link.api.call(listBackups);
    useClients.setState({ backups, backupsError: undefined });
  } catch (err) {
    useClients.setState({ backupsError: err });
  }
}

/**
 * Put original bytes back: a backup id, a client id (its backups in force) or `all`. Both
 * snapshots are refreshed afterwards, whatever happened, so the screen shows the files as they are.
 */
export async function restoreClientFiles(link: EngineLink, target: string) {
  try {
    return await link.api.call(restoreBackups, { body: { target } });
  } finally {
    await Promise.all([scanClients(link), loadBackups(link)]);
  }
}

/** The clients worth showing: installed, or with a config file, or already pointed at the gateway. */
export function visibleClients(detect: ClientsDetect | undefined): ClientReport[] {
  return (detect?.clients ?? []).filter((c) => c.installed || c.hasConfig || c.connected);
}
