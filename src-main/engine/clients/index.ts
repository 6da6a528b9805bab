/**
 * Clients: detect AI clients and their MCP configs, import their servers, and point them at the
 * gateway (plan, preview, write with a backup, restore the exact bytes).
 */
export { ADAPTERS } from './adapters/index.js';
export type { BackupRecord, RemovedEntry } from './backups.js';
export type { ClientFileReport, ClientReport, ClientStatus, DetectedServer } from './client-status.js';
export type { ConnectResult, DisconnectResult, RestoreResult } from './client-writer.js';
export type { ClientPlan, ConnectOptions, FileAction, FilePlan } from './connect-plan.js';
export type {
  ImportedServer,
  ImportResult,
  ImportSelection,
  MergedServer,
  NameConflict,
  ServerSource,
} from './import-plan.js';
export {
  type ClientManager,
  type ClientManagerOptions,
  createClientManager,
  type DetectResult,
} from './manager.js';
export { knownSecrets } from './redact.js';
export type { SecretFlag } from './secrets.js';
export type { ClientAdapter, ClientLocation, ClientPlatform } from './types.js';
