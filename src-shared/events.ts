import { z } from 'zod';

import { SERVER_STATES } from './states.js';

/**
 * Events the engine emits. They flow one way: engine → SSE `/api/v1/events` → the renderer's
 * stores, the CLI and the tray. Each has `type` and `at` (epoch ms).
 */

export const ServerStateSchema = z.enum(SERVER_STATES);

const ServerStateEventSchema = z.object({
  type: z.literal('server.state'),
  at: z.number(),
  server: z.string(),
  state: ServerStateSchema,
  previous: ServerStateSchema,
  reason: z.string(),
});

const ServerConfigEventSchema = z.object({
  type: z.enum(['server.added', 'server.updated', 'server.removed']),
  at: z.number(),
  server: z.string(),
  /** Where the change came from: the API, a hand edit of the file, or the client importer. */
  source: z.enum(['api', 'file', 'import']),
});

const CatalogChangedEventSchema = z.object({
  type: z.literal('catalog.changed'),
  at: z.number(),
  /** Servers whose lists changed. */
  servers: z.array(z.string()),
  tools: z.number(),
  resources: z.number(),
  prompts: z.number(),
});

export const CallRecordSchema = z.object({
  id: z.string(),
  at: z.number(),
  server: z.string(),
  /** Backend tool name (unprefixed). */
  tool: z.string(),
  /**
   * Who called: the client token's name when the caller sent one, else the client name from the
   * MCP handshake; `api` for calls made through the control API.
   */
  client: z.string(),
  /** The profile of the caller's token. */
  profile: z.string().optional(),
  sessionId: z.string().optional(),
  durationMs: z.number(),
  ok: z.boolean(),
  /** True for an `isError` tool result (the call itself worked). */
  isError: z.boolean().optional(),
  error: z.string().optional(),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

const CallFinishedEventSchema = z.object({
  type: z.literal('call.finished'),
  at: z.number(),
  call: CallRecordSchema,
});

const ConfigEventSchema = z.object({
  type: z.enum(['config.reloaded', 'config.error']),
  at: z.number(),
  path: z.string(),
  message: z.string().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
});

export const SessionSchema = z.object({
  id: z.string(),
  /** The client's name from the MCP handshake. */
  clientName: z.string(),
  clientVersion: z.string().optional(),
  /** The name of the client token that opened the session (absent without one). */
  client: z.string().optional(),
  /** The profile of that token. */
  profile: z.string().optional(),
  /** `legacy` = 2025-era sessionful, `modern` = 2026-07-28. */
  era: z.enum(['legacy', 'modern']),
  transport: z.enum(['http', 'sse', 'stdio-bridge']),
  /** `/mcp` (all servers), `/mcp/<server>` passthrough, or meta mode. */
  scope: z.string(),
  openedAt: z.number(),
  lastSeenAt: z.number(),
});
export type SessionInfo = z.infer<typeof SessionSchema>;

const SessionEventSchema = z.object({
  type: z.enum(['session.opened', 'session.closed']),
  at: z.number(),
  session: SessionSchema,
});

const GatewayEventSchema = z.object({
  type: z.enum(['gateway.paused', 'gateway.resumed', 'gateway.stopping']),
  at: z.number(),
});

/** Tools were held back for review, or a review decided about them. */
const TrustChangedEventSchema = z.object({
  type: z.literal('trust.changed'),
  at: z.number(),
  server: z.string(),
  /** How many of the server's tools are held back now (waiting or rejected). */
  held: z.number(),
  /** Tools held back by this change (a new listing); empty after a decision. */
  newlyHeld: z.array(z.string()),
  reason: z.enum(['listing', 'approved', 'rejected']),
});

export const EngineEventSchema = z.discriminatedUnion('type', [
  ServerStateEventSchema,
  ServerConfigEventSchema,
  CatalogChangedEventSchema,
  CallFinishedEventSchema,
  ConfigEventSchema,
  SessionEventSchema,
  GatewayEventSchema,
  TrustChangedEventSchema,
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;
type EngineEventType = EngineEvent['type'];
export type EventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;

export const LogLineSchema = z.object({
  /** Monotonic per server; used as the SSE id so a reconnect resumes. */
  seq: z.number(),
  at: z.number(),
  server: z.string(),
  stream: z.enum(['stderr', 'stdout', 'gateway']),
  line: z.string(),
});
export type LogLine = z.infer<typeof LogLineSchema>;
