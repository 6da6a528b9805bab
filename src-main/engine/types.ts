/**
 * The seams between the engine's parts. Each folder implements one of these; `engine.ts`
 * composes them. Nothing here holds state: collaborators are passed in, so tests can pass fakes.
 */
import type { Client, ClientCapabilities, Implementation, Tool } from '@modelcontextprotocol/client';

import type { GatewayConfig, ServerConfig, TransportKind } from '../../src-shared/config.js';
import type { CallRecord, EngineEvent, LogLine, SessionInfo } from '../../src-shared/events.js';
import type { HiddenReason } from '../../src-shared/hidden-reasons.js';
import type { ServerState } from '../../src-shared/states.js';
import type { AbortWatch } from './call-abort.js';
import type { SemanticRanker } from './context/index.js';
import type { Identity } from './identity/index.js';
import type { OAuthManager } from './oauth/index.js';
import type { SecretStore } from './security/index.js';
import type { Trust } from './trust/index.js';

// ---------------------------------------------------------------- infrastructure

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logger. Values under secret-looking keys are redacted by the implementation. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface TimerHandle {
  unref?(): unknown;
}

/** Time, injectable so backoff and health checks can be tested without waiting. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

export interface Disposable {
  dispose(): void;
}

/** The engine's typed event bus (in-process); the API streams it as SSE. */
export interface EventBus {
  emit(event: EngineEvent): void;
  on(listener: (event: EngineEvent) => void): Disposable;
}

export interface EnginePaths {
  /** The gateway config file. */
  configFile: string;
  /** App data: admin token, runtime file, backups, era cache. */
  dataDir: string;
}

// ---------------------------------------------------------------- config

export type ConfigSource = 'api' | 'file' | 'import';

export interface ConfigProblem {
  message: string;
  line?: number;
  column?: number;
}

/** Owns the config file: parse, validate, watch hand edits, write atomically. */
export interface ConfigStore {
  readonly path: string;
  /** The last good config (defaults applied, `${VAR}` not yet expanded). */
  current(): GatewayConfig;
  /** The problem with the file on disk, if its last edit was rejected. */
  problem(): ConfigProblem | undefined;
  /**
   * Change the config and write it back atomically, keeping the file's formatting, comments and
   * unknown keys. `edit` receives a deep copy of the raw `mcpServers`/`gateway` objects.
   */
  update(edit: (draft: GatewayConfigDraft) => void, source?: ConfigSource): Promise<GatewayConfig>;
  /** Called after every accepted change, from the API or from a hand edit. */
  onChange(
    listener: (config: GatewayConfig, previous: GatewayConfig, source: ConfigSource) => void,
  ): Disposable;
  close(): Promise<void>;
}

/** Mutable view of the file's content used by `ConfigStore.update`. */
export interface GatewayConfigDraft {
  gateway: Record<string, unknown>;
  mcpServers: Record<string, ServerConfig>;
}

// ---------------------------------------------------------------- backends & supervisor

export type BackendEra = 'legacy' | 'modern';

/** A live, initialised connection to one backend server. Produced by backends/, owned by the supervisor. */
export interface BackendConnection {
  readonly server: string;
  readonly client: Client;
  readonly transport: Exclude<TransportKind, 'auto'>;
  readonly era: BackendEra;
  readonly protocolVersion: string | undefined;
  readonly serverInfo: Implementation | undefined;
  readonly instructions: string | undefined;
  /** Root process id for stdio backends. */
  readonly pid: number | undefined;
  /** Spec deviations the gateway tolerates from this server (each kind once), for its page. */
  readonly protocolWarnings?: readonly string[];
  /** Settles when the connection ends on its own (exit, transport error). */
  readonly closed: Promise<{ reason: string }>;
  /** Graceful stop: stdin close → SIGTERM → SIGKILL on the whole process group. */
  close(): Promise<void>;
  /**
   * Requests straight over the wire, past the SDK client's Protocol: the hot path for calls that
   * need nothing else from it (no progress). Only legacy-era stdio connections have one.
   */
  readonly direct?: DirectRequester;
}

export interface DirectRequester {
  request(
    method: string,
    params: Record<string, unknown>,
    /** `abort` (cheap to watch) or else `signal` cancels the request; `timeoutMs` limits it. */
    options: { abort?: AbortWatch; signal?: AbortSignal; timeoutMs: number },
  ): Promise<Record<string, unknown>>;
}

/**
 * Lets the catalog/router prepare each backend Client before it connects: declare the client
 * capabilities that can be routed to frontends and install request/notification handlers.
 */
export interface BackendHooks {
  capabilities(server: string): ClientCapabilities;
  prepare(server: string, client: Client, dedicatedFor?: string): void;
}

export interface ServerStatus {
  name: string;
  state: ServerState;
  reason: string;
  transport: TransportKind;
  /** When the current state was entered. */
  since: number;
  /** When the current connection came up (running/degraded). */
  startedAt: number | undefined;
  restarts: number;
  /** Failures counted toward the circuit breaker in its window. */
  failures: number;
  lastError: string | undefined;
  /** What the server's `allow` list needs for the last refused start (env keys, interpreter options). */
  canAllow: readonly string[] | undefined;
  pid: number | undefined;
  era: BackendEra | undefined;
  protocolVersion: string | undefined;
  serverInfo: Implementation | undefined;
  /** Spec deviations tolerated on the current connection. */
  protocolWarnings?: readonly string[];
  /** When the next restart attempt (restarting) or cool-down probe (error) is due. */
  nextAttemptAt: number | undefined;
  /** Idle time after which it sleeps; 0 = never. */
  sleepAfterMs: number;
  /** When its last request finished (or it came up), for the idle countdown. */
  idleSince: number | undefined;
  /** Requests in flight on its shared connection. */
  inFlight: number;
  /** Why it does not sleep when idle (keepAwake, an open subscription, ...); empty when it may. */
  sleepBlockers: string[];
  /** Memory of its process tree (bytes; PSS where measurable) when last measured while running. */
  footprintBytes: number | undefined;
}

/** What the supervisor needs from the list cache: whether lists exist and where the footprint goes. */
export interface SleepCache {
  has(server: string, config: ServerConfig): boolean;
  footprint(server: string, config: ServerConfig): number | undefined;
  setFootprint(server: string, config: ServerConfig, bytes: number): void;
}

/** Bounded per-server log ring with live subscription. */
export interface LogRing {
  recent(limit?: number, afterSeq?: number): LogLine[];
  subscribe(listener: (line: LogLine) => void): Disposable;
}

export interface SupervisorApi {
  list(): ServerStatus[];
  get(name: string): ServerStatus | undefined;
  /** The shared live connection, when the server is running or degraded. */
  connection(name: string): BackendConnection | undefined;
  /** A separate connection for one client session (`isolation: per-session`). Caller closes it. */
  openDedicated(name: string, sessionId: string): Promise<BackendConnection>;
  /** Bring the set of servers in line with the config: start new, stop removed, restart changed. */
  apply(config: GatewayConfig): Promise<void>;
  restart(name: string, reason?: string): Promise<void>;
  resetCircuit(name: string): Promise<void>;
  /**
   * The shared connection, starting a sleeping (or waiting for a starting) server first; started
   * once however many requests ask at the same time. Rejects with SERVER_WAKE_FAILED when that
   * start fails, SERVER_NOT_RUNNING for a server that is stopped, restarting or in error.
   */
  wake(name: string, reason?: string): Promise<BackendConnection>;
  /** A request to this server begins: it does not sleep until the returned release is called. */
  hold(name: string): () => void;
  /** Keep this server awake while the disposable lives (e.g. an open resource subscription). */
  preventSleep(name: string, why: string): Disposable;
  /** Stop an idle server now and let it sleep (the API's "sleep" action, tests). */
  sleep(name: string, reason?: string): Promise<void>;
  /** A running remote server lost its sign-in (refresh refused, signed out, more scope needed). */
  signInRequired(name: string, reason: string): Promise<void>;
  logs(name: string): LogRing | undefined;
  /** Fires when a server's shared connection comes up or goes away. */
  onConnection(listener: (name: string, connection: BackendConnection | undefined) => void): Disposable;
  /** Stop everything (no restarts), leaving no processes behind. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------- catalog & calls

export interface CatalogTool {
  /** Name exposed to clients on `/mcp`: `<server><sep><tool>`, valid and unique. */
  id: string;
  server: string;
  /** The backend's own tool name. */
  name: string;
  /** The backend's definition, unchanged. */
  definition: Tool;
  /** Context tokens of the definition as clients see it. */
  tokens: number;
  /** Whether clients currently see it. */
  visible: boolean;
  /** Why it is hidden (see src-shared/hidden-reasons.ts). */
  hiddenReason: HiddenReason | undefined;
  /** For `held-back`: why, and how to review it (the error a client gets when calling it). */
  hiddenNote?: string;
}

export interface CallContext {
  /** The client token's name, else the client name from the handshake, or `api`. */
  client: string;
  /** The caller's profile, for the call record. */
  profile?: string;
  sessionId?: string;
  signal?: AbortSignal;
  /**
   * The same cancellation as `signal`, cheaper to watch (no EventTarget): set by the hot path,
   * whose `signal` is made only when something reads it. A part that can use either reads this first.
   */
  abort?: AbortWatch;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

export interface CatalogApi {
  /** Every known tool with its visibility and token cost. */
  tools(): CatalogTool[];
  /** Call a tool by its exposed id (or `server` + backend name). Records the call. */
  callTool(
    target: { id: string } | { server: string; name: string },
    args: Record<string, unknown>,
    ctx: CallContext,
  ): Promise<Record<string, unknown>>;
  /** Recent calls, newest last (bounded ring). */
  recentCalls(limit?: number): CallRecord[];
  onChanged(listener: (servers: string[]) => void): Disposable;
}

export interface SessionRegistry {
  list(): SessionInfo[];
}

/** Everything the control API and frontends are given. */
export interface EngineContext {
  version: string;
  startedAt: number;
  paths: EnginePaths;
  logger: Logger;
  clock: Clock;
  bus: EventBus;
  config: ConfigStore;
  supervisor: SupervisorApi;
  catalog: CatalogApi;
  /** Tool trust: pins, scanner findings, review decisions. */
  trust?: Trust;
  sessions: SessionRegistry;
  /** The environment the engine was started with (HOME, APPDATA, ... for client detection). */
  env?: NodeJS.ProcessEnv;
  /** The secret store (OS keychain, or the consented file fallback), opened on first use. */
  secrets?: () => Promise<SecretStore>;
  /** OAuth sign-in to remote servers (absent in engines built for tests without it). */
  oauth?: OAuthManager;
  /** Client tokens and profiles (identity/). */
  identity?: Identity;
  /** Semantic ranking for tool search through the user's embeddings endpoint. */
  semantic?: SemanticRanker;
}
