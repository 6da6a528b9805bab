import { z } from 'zod';

import { GatewaySettingsSchema, ServerConfigSchema } from '../config.js';
import { CallRecordSchema, LogLineSchema, ServerStateSchema, SessionSchema } from '../events.js';
import { HIDDEN_REASONS } from '../hidden-reasons.js';

/** Response and request bodies of the control API (see routes.ts). */

const TransportSchema = z.enum(['stdio', 'http', 'sse', 'auto']);
const HealthLevelSchema = z.enum(['ok', 'degraded', 'failed', 'paused', 'empty']);
const StateCountsSchema = z.record(ServerStateSchema, z.number());

/** Marker that replaces secret values in API answers and exports (the rule lives in redact.ts). */
export { REDACTED } from '../redact.js';

export const ServerNameParams = z.object({ name: z.string().min(1) });

export const HealthSchema = z.object({
  ok: z.literal(true),
  version: z.string(),
  startedAt: z.number(),
  uptimeMs: z.number(),
  health: HealthLevelSchema,
  states: StateCountsSchema,
  servers: z.number(),
  tools: z.number(),
  sessions: z.number(),
  configFile: z.string(),
  /** The problem with the config file on disk, when its last edit was rejected. */
  configProblem: z
    .object({ message: z.string(), line: z.number().optional(), column: z.number().optional() })
    .optional(),
});

/** A remote server's OAuth sign-in as the API shows it: never a token. */
const SignInStatusSchema = z.object({
  /** Tokens are stored for this server. */
  signedIn: z.boolean(),
  /** A sign-in was started and waits for the browser to come back. */
  pending: z.boolean(),
  /** The sign-in page of the pending sign-in, to open it again. */
  authorizationUrl: z.string().optional(),
  pendingUntil: z.number().optional(),
  /** When the access token expires (the gateway refreshes it before). */
  expiresAt: z.number().optional(),
  scope: z.string().optional(),
  issuer: z.string().optional(),
  /** Why the last sign-in or refresh failed. */
  lastError: z.string().optional(),
  /**
   * `client_credentials` (a machine account), `jwt_bearer` (workload identity) or `enterprise`
   * (enterprise-managed authorization: the company's identity provider vouches for the user):
   * signed in without a browser (`mcpServers.<name>.oauth.grant`, `.enterprise`).
   */
  grant: z.enum(['client_credentials', 'jwt_bearer', 'enterprise']).optional(),
  /** The tokens are bound to the gateway's DPoP key (RFC 9449, `oauth.dpop`); never the key itself. */
  dpop: z.boolean().optional(),
});

export const ServerSummarySchema = z.object({
  name: z.string(),
  state: ServerStateSchema,
  reason: z.string(),
  transport: TransportSchema,
  disabled: z.boolean(),
  description: z.string().optional(),
  /** When the current state was entered (epoch ms). */
  since: z.number().optional(),
  /** Time since the current connection came up, when running or degraded. */
  uptimeMs: z.number().optional(),
  restarts: z.number(),
  failures: z.number(),
  lastError: z.string().optional(),
  /**
   * Env keys or interpreter options the gateway refused at the last start; `POST
   * /servers/:name/allow` with them adds them to the server's `allow` list.
   */
  canAllow: z.array(z.string()).optional(),
  pid: z.number().optional(),
  era: z.enum(['legacy', 'modern']).optional(),
  protocolVersion: z.string().optional(),
  serverName: z.string().optional(),
  serverVersion: z.string().optional(),
  /** Spec deviations the gateway tolerates from this server (e.g. results without resultType). */
  protocolWarnings: z.array(z.string()).optional(),
  nextAttemptAt: z.number().optional(),
  /** Idle time after which it sleeps (0 = never). */
  sleepAfterMs: z.number().optional(),
  /** When its last request finished (the idle countdown runs from here). */
  idleSince: z.number().optional(),
  /** Why it does not sleep when idle (keepAwake, an open resource subscription, ...). */
  sleepBlockers: z.array(z.string()).optional(),
  /** Memory of its process tree when last measured while running (bytes); freed while it sleeps. */
  footprintBytes: z.number().optional(),
  /** Tools the server offers / tools clients see. */
  tools: z.number(),
  visibleTools: z.number(),
  /** Context tokens of the tools clients see. */
  tokens: z.number(),
  /** OAuth sign-in of a remote server that uses it (never a token). */
  signIn: SignInStatusSchema.optional(),
  /** Where an imported server came from: the client, the scope of its file, the project folder. */
  origin: z
    .object({
      client: z.string(),
      scope: z.enum(['user', 'local', 'project']),
      file: z.string().optional(),
      project: z.string().optional(),
      approved: z.boolean(),
    })
    .optional(),
  /**
   * What an imported server waits for before it runs (state `needs-approval`): a project file's
   * server needs approving once; `${VAR}` / `${secret:NAME}` references expand only once approved.
   * `POST /servers/:name/approve` approves it.
   */
  approval: z
    .object({
      project: z.boolean(),
      /** Every reference it makes (`NAME`, `secret:NAME`), and those not approved yet. */
      variables: z.array(z.string()),
      unapproved: z.array(z.string()),
      reason: z.string(),
    })
    .optional(),
});
export type ServerSummary = z.infer<typeof ServerSummarySchema>;

/** Server config as the API shows it: env and header values redacted unless they are references. */
const ServerConfigViewSchema = z.record(z.string(), z.unknown());

export const ServerDetailSchema = ServerSummarySchema.extend({ config: ServerConfigViewSchema });
export type ServerDetail = z.infer<typeof ServerDetailSchema>;

export const AddServerBodySchema = z.object({
  name: z.string().min(1, 'name is required'),
  config: ServerConfigSchema,
});

/**
 * Partial update. A field set to `null` is removed. `env` and `headers` replace the whole map;
 * a value equal to `[redacted]` keeps the stored value, so a view can be sent back unchanged.
 */
export const UpdateServerBodySchema = z.record(z.string(), z.unknown());

/**
 * Approving an imported server. `variables`: the references the person saw; when the entry now
 * wants others (it changed meanwhile) nothing is approved and the answer says which.
 */
export const ApproveBodySchema = z
  .object({ variables: z.array(z.string()).max(256).optional() })
  .prefault({});

/** Keys for a server's `allow` list: env keys (NODE_OPTIONS) or interpreter options (--require). */
export const AllowBodySchema = z.object({
  keys: z
    .array(
      z.string().regex(/^([A-Za-z_][A-Za-z0-9_]*|--?[A-Za-z][\w-]*)$/, 'an env key or an interpreter option'),
    )
    .min(1)
    .max(64),
});

export const ServerListSchema = z.object({ servers: z.array(ServerSummarySchema) });

export const OkSchema = z.object({ ok: z.literal(true), message: z.string().optional() });

export const LogsQuerySchema = z.object({
  limit: z.coerce.number().int().positive().max(10_000).optional(),
  /** Only lines with a larger seq. */
  after: z.coerce.number().int().min(0).optional(),
});
export const LogListSchema = z.object({ server: z.string(), lines: z.array(LogLineSchema) });

const ToolSummarySchema = z.object({
  id: z.string(),
  server: z.string(),
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  tokens: z.number(),
  visible: z.boolean(),
  /** True when the user switched it off (`mcpServers.<s>.tools.disabled`). */
  enabled: z.boolean(),
  hiddenReason: z.enum(HIDDEN_REASONS).optional(),
  inputSchema: z.record(z.string(), z.unknown()).optional(),
});
export type ToolSummary = z.infer<typeof ToolSummarySchema>;

const boolish = z.preprocess(
  (v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
  z.boolean(),
);

export const ToolsQuerySchema = z.object({
  server: z.string().optional(),
  visible: boolish.optional(),
  /** Include each tool's input schema (larger answer). */
  schema: boolish.optional(),
});
export const ToolListSchema = z.object({
  tools: z.array(ToolSummarySchema),
  totals: z.object({ tools: z.number(), visible: z.number(), tokens: z.number(), visibleTokens: z.number() }),
});

export const ToolParams = z.object({ server: z.string().min(1), tool: z.string().min(1) });
export const ToolToggleSchema = z.object({ server: z.string(), tool: z.string(), enabled: z.boolean() });

export const CallToolBodySchema = z.object({
  /** Exposed id (`server__tool`), or `server` + `tool`. */
  id: z.string().optional(),
  server: z.string().optional(),
  tool: z.string().optional(),
  arguments: z.record(z.string(), z.unknown()).default({}),
});
export const CallToolResultSchema = z.object({
  server: z.string().optional(),
  tool: z.string().optional(),
  durationMs: z.number(),
  isError: z.boolean(),
  /** The MCP `CallToolResult` as the backend returned it. */
  result: z.record(z.string(), z.unknown()),
});

export const CallsQuerySchema = z.object({
  limit: z.coerce.number().int().positive().max(10_000).optional(),
  /** Only the calls of this client (its token's name, or its handshake name without a token). */
  client: z.string().min(1).max(128).optional(),
  /** Only the calls made with a token of this profile. */
  profile: z.string().min(1).max(64).optional(),
});
export const CallListSchema = z.object({ calls: z.array(CallRecordSchema) });

export const SessionListSchema = z.object({ sessions: z.array(SessionSchema) });

/** Settings whose change takes effect only after the gateway restarts. */
export const RESTART_SETTINGS = ['host', 'port', 'allowRemote'] as const;

export const SettingsSchema = z.object({
  settings: GatewaySettingsSchema,
  configFile: z.string(),
  /** Settings changed since the gateway started that take effect only after a restart. */
  restartRequired: z.array(z.string()),
});
/** Partial `gateway` section; `null` removes a key (back to its default). Nested objects merge. */
export const SettingsPatchSchema = z.record(z.string(), z.unknown());

const CallStatsSchema = z.object({
  calls: z.number(),
  errors: z.number(),
  avgMs: z.number(),
  maxMs: z.number(),
});
export const MetricsSchema = z.object({
  uptimeMs: z.number(),
  sessions: z.number(),
  states: StateCountsSchema,
  totals: CallStatsSchema,
  servers: z.array(
    CallStatsSchema.extend({ server: z.string(), state: ServerStateSchema.optional(), restarts: z.number() }),
  ),
  tools: z.array(CallStatsSchema.extend({ server: z.string(), tool: z.string() })),
  /**
   * Per client: the token's name, `api` for calls through the control API, `anonymous` for calls
   * without a token (client auth off). Never a token value, never a client-chosen name.
   */
  clients: z.array(CallStatsSchema.extend({ client: z.string() })),
});
export type MetricsSnapshot = z.infer<typeof MetricsSchema>;

export const ConfigExportSchema = z.object({
  configFile: z.string(),
  /** The config with env and header values redacted unless they are `${VAR}`/`${secret:NAME}`. */
  config: z.record(z.string(), z.unknown()),
});

export const OpenApiSchema = z.record(z.string(), z.unknown());
