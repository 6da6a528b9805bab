/**
 * Clients: detect AI clients and their MCP configs, import their servers, and point them at the
 * gateway (plan, preview, write with a backup, restore the exact bytes).
 */
export type { BackupRecord, RemovedEntry } from './backups.js';
export type { SecretFlag } from './secrets.js';
export type { ClientAdapter, ClientLocation, ClientPlatform } from './types.js';
export { ADAPTERS } from './adapters/index.js';
export {
  type ClientFileReport,
  type ClientManager,
  type ClientManagerOptions,
  type ClientPlan,
  type ClientReport,
  type ClientStatus,
  type ConnectOptions,
  type ConnectResult,
  type DetectedServer,
  type DetectResult,
  type DisconnectResult,
  type FileAction,
  type FilePlan,
  type ImportedServer,
  type ImportResult,
  type ImportSelection,
  type MergedServer,
  type NameConflict,
  type RestoreResult,
  type ServerSource,
  createClientManager,
} from './manager.js';
export { knownSecrets } from './redact.js';
