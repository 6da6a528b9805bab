import { z } from 'zod';

import { defineRoute } from './contract.js';

/**
 * Client-integration routes: find the AI clients on this machine and their MCP servers, import
 * servers into the gateway, preview and apply the change that points a client at the gateway,
 * undo it, and restore backups. Values that look like secrets are replaced by `[redacted]` in
 * every answer (configs, diffs, file text); the engine works with the real values.
 */

/** A server as read from a client file, in the gateway's shape (not validated: shown as found). */
const ClientServerConfigSchema = z.looseObject({
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  type: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  disabled: z.boolean().optional(),
  description: z.string().optional(),
});

const SecretFlagSchema = z.object({
  field: z.enum(['env', 'headers', 'args']),
  key: z.string(),
  /** `name`: the key looks like a secret; `value`: the value looks like a token. */
  reason: z.enum(['name', 'value']),
});

const DetectedServerSchema = z.object({
  /** Same id for the same server (command line or URL) in every client. Empty when not importable. */
  id: z.string(),
  name: z.string(),
  location: z.string(),
  config: ClientServerConfigSchema.optional(),
  /** Why it cannot be imported. */
  skipped: z.string().optional(),
  notes: z.array(z.string()),
  secrets: z.array(SecretFlagSchema),
});

const ProblemSchema = z.object({
  message: z.string(),
  line: z.number().optional(),
  column: z.number().optional(),
});

const ClientFileSchema = z.object({
  location: z.string(),
  label: z.string(),
  file: z.string(),
  format: z.enum(['json', 'jsonc', 'yaml', 'toml']),
  scope: z.enum(['user', 'local', 'project']),
  exists: z.boolean(),
  /** The file cannot be parsed (it is never written while this is set). */
  problem: ProblemSchema.optional(),
  connectTarget: z.boolean(),
  hasGatewayEntry: z.boolean(),
  servers: z.array(DetectedServerSchema),
});

const ClientStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `stdio`: the client reaches the gateway through the stdio bridge. */
  transport: z.enum(['http', 'stdio']),
  installed: z.boolean(),
  hasConfig: z.boolean(),
  connected: z.boolean(),
  /** The gateway has seen this client connect (MCP handshake). */
  seen: z.boolean(),
  backups: z.number(),
  reloadHint: z.string(),
});

const ClientReportSchema = ClientStatusSchema.extend({ files: z.array(ClientFileSchema) });

const ScopeSchema = z.enum(['user', 'local', 'project']);

const ServerSourceSchema = z.object({
  client: z.string(),
  location: z.string(),
  file: z.string(),
  name: z.string(),
  /** `user`: the client's own settings; `local`/`project`: a project's (e.g. a cloned repository's). */
  scope: ScopeSchema,
  /** The project folder, for `local` and `project`. */
  project: z.string().optional(),
});

const MergedServerSchema = z.object({
  id: z.string(),
  suggestedName: z.string(),
  config: ClientServerConfigSchema,
  sources: z.array(ServerSourceSchema),
  /**
   * The most trusted scope it was found in. `local`/`project`: only a project's file has it; it
   * is imported only when picked, and waits for approval before it runs.
   */
  scope: ScopeSchema,
  /** The project folder, when `scope` is `local` or `project`. */
  project: z.string().optional(),
  secrets: z.array(SecretFlagSchema),
  notes: z.array(z.string()),
  /** Name of the gateway server that already runs this command line or URL. */
  inGateway: z.string().optional(),
  variants: z.number(),
});

const ClientsDetectSchema = z.object({
  clients: z.array(ClientReportSchema),
  servers: z.array(MergedServerSchema),
  conflicts: z.array(z.object({ name: z.string(), ids: z.array(z.string()) })),
});
export type ClientsDetect = z.infer<typeof ClientsDetectSchema>;

const ImportBodySchema = z.object({
  /** Merged server ids from GET /clients. */
  ids: z.array(z.string()).min(1, 'choose at least one server to import'),
  /** New names by id. */
  names: z.record(z.string(), z.string()).optional(),
});

const ImportResultSchema = z.object({
  added: z.array(
    z.object({
      name: z.string(),
      config: ClientServerConfigSchema,
      secrets: z.array(SecretFlagSchema),
      notes: z.array(z.string()),
      sources: z.array(ServerSourceSchema),
      /** It waits for the user's approval before it runs (`POST /servers/:name/approve`). */
      approval: z
        .object({
          project: z.boolean(),
          variables: z.array(z.string()),
          unapproved: z.array(z.string()),
          reason: z.string(),
        })
        .optional(),
    }),
  ),
  skipped: z.array(z.object({ id: z.string(), name: z.string().optional(), reason: z.string() })),
});

const ClientIdParams = z.object({ id: z.string().min(1) });

const ConnectBodySchema = z
  .object({
    /** `true`: remove servers the gateway now serves from the client's own files; or a list of names. */
    removeImported: z.union([z.boolean(), z.array(z.string())]).optional(),
  })
  .prefault({});

const FileActionSchema = z.object({
  location: z.string(),
  op: z.enum(['add-gateway', 'update-gateway', 'remove-gateway', 'remove-server', 'restore-server']),
  name: z.string(),
});

const FilePlanSchema = z.object({
  file: z.string(),
  format: z.enum(['json', 'jsonc', 'yaml', 'toml']),
  exists: z.boolean(),
  changed: z.boolean(),
  /** Unified diff (secret values redacted). */
  diff: z.string(),
  /** The whole new text (secret values redacted). */
  after: z.string(),
  actions: z.array(FileActionSchema),
});

const ClientPlanSchema = z.object({
  client: z.string(),
  name: z.string(),
  files: z.array(FilePlanSchema),
  changed: z.boolean(),
  warnings: z.array(z.string()),
  reloadHint: z.string(),
});
export type ClientPlanDto = z.infer<typeof ClientPlanSchema>;

const ConnectResultSchema = z.object({
  client: z.string(),
  plan: ClientPlanSchema,
  files: z.array(z.object({ file: z.string(), changed: z.boolean(), backupId: z.string().optional() })),
  replanned: z.number(),
  reloadHint: z.string(),
});

const DisconnectResultSchema = z.object({
  client: z.string(),
  files: z.array(
    z.object({
      file: z.string(),
      action: z.enum(['restored', 'edited', 'unchanged', 'failed']),
      message: z.string().optional(),
    }),
  ),
  reloadHint: z.string(),
});

const BackupSchema = z.object({
  id: z.string(),
  client: z.string(),
  path: z.string(),
  existed: z.boolean(),
  sha256: z.string().nullable(),
  time: z.string(),
  /** The gateway's change is still in force (not restored). */
  active: z.boolean(),
  /** Servers connect removed from the file (names), put back by disconnect. */
  removed: z.array(z.string()),
});

export const BackupListSchema = z.object({ dir: z.string(), backups: z.array(BackupSchema) });

const RestoreBodySchema = z.object({
  /** A backup id, a client id (every backup in force for it) or `all`. */
  target: z.string().min(1, 'say what to restore: a backup id, a client id or "all"'),
});

const RestoreResultSchema = z.object({
  restored: z.array(
    z.object({
      id: z.string(),
      client: z.string(),
      file: z.string(),
      result: z.enum(['restored', 'unchanged']),
    }),
  ),
});

export const listClients = defineRoute({
  id: 'clients.list',
  method: 'GET',
  path: '/clients',
  tag: 'clients',
  kind: 'json',
  summary:
    'AI clients on this machine: their config files, servers, connection status; servers merged across clients',
  response: ClientsDetectSchema,
});

export const importClientServers = defineRoute({
  id: 'clients.import',
  method: 'POST',
  path: '/clients/import',
  tag: 'clients',
  kind: 'json',
  summary: 'Add servers found in client configs to the gateway (by merged id)',
  body: ImportBodySchema,
  response: ImportResultSchema,
});

export const previewClient = defineRoute({
  id: 'clients.preview',
  method: 'POST',
  path: '/clients/:id/preview',
  tag: 'clients',
  kind: 'json',
  summary: 'Show the change connect would make to the client files (diff per file); writes nothing',
  params: ClientIdParams,
  body: ConnectBodySchema,
  response: ClientPlanSchema,
});

export const connectClient = defineRoute({
  id: 'clients.connect',
  method: 'POST',
  path: '/clients/:id/connect',
  tag: 'clients',
  kind: 'json',
  summary:
    'Point the client at the gateway (original backed up first; re-planned if the file changes meanwhile)',
  params: ClientIdParams,
  body: ConnectBodySchema,
  response: ConnectResultSchema,
});

export const disconnectClient = defineRoute({
  id: 'clients.disconnect',
  method: 'POST',
  path: '/clients/:id/disconnect',
  tag: 'clients',
  kind: 'json',
  summary: 'Undo connect: restore the backup, or remove the gateway entry and re-add the removed servers',
  params: ClientIdParams,
  response: DisconnectResultSchema,
});

export const listBackups = defineRoute({
  id: 'backups.list',
  method: 'GET',
  path: '/backups',
  tag: 'clients',
  kind: 'json',
  summary: 'Backups of client config files taken before the gateway changed them',
  response: BackupListSchema,
});

export const restoreBackups = defineRoute({
  id: 'backups.restore',
  method: 'POST',
  path: '/backups/restore',
  tag: 'clients',
  kind: 'json',
  summary: 'Put back the exact original bytes: one backup, every backup of a client, or all',
  body: RestoreBodySchema,
  response: RestoreResultSchema,
});

export const CLIENT_ROUTES = [
  listClients,
  importClientServers,
  previewClient,
  connectClient,
  disconnectClient,
  listBackups,
  restoreBackups,
] as const;
