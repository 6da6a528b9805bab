import { EngineEventSchema, LogLineSchema } from '../events.js';
import { defineRoute } from './contract.js';
import {
  AddServerBodySchema,
  AllowBodySchema,
  ApproveBodySchema,
  CallListSchema,
  CallsQuerySchema,
  CallToolBodySchema,
  CallToolResultSchema,
  ConfigExportSchema,
  HealthSchema,
  LogListSchema,
  LogsQuerySchema,
  MetricsSchema,
  OkSchema,
  OpenApiSchema,
  ServerDetailSchema,
  ServerListSchema,
  ServerNameParams,
  ServerSummarySchema,
  SessionListSchema,
  SettingsPatchSchema,
  SettingsSchema,
  ToolListSchema,
  ToolParams,
  ToolsQuerySchema,
  ToolToggleSchema,
  UpdateServerBodySchema,
} from './schemas.js';

/** The core control-API routes. Other areas declare their own arrays; index.ts joins them. */

export const health = defineRoute({
  id: 'health',
  method: 'GET',
  path: '/health',
  tag: 'gateway',
  kind: 'json',
  summary: 'Gateway health, version and a summary of server states',
  response: HealthSchema,
});

export const listServers = defineRoute({
  id: 'servers.list',
  method: 'GET',
  path: '/servers',
  tag: 'servers',
  kind: 'json',
  summary: 'Every configured server with its state, transport, tool count and token total',
  response: ServerListSchema,
});

export const getServer = defineRoute({
  id: 'servers.get',
  method: 'GET',
  path: '/servers/:name',
  tag: 'servers',
  kind: 'json',
  summary: 'One server: status and its config (secrets redacted)',
  params: ServerNameParams,
  response: ServerDetailSchema,
});

export const addServer = defineRoute({
  id: 'servers.add',
  method: 'POST',
  path: '/servers',
  tag: 'servers',
  kind: 'json',
  summary: 'Add a server (written to the config file; it starts unless disabled)',
  body: AddServerBodySchema,
  response: ServerDetailSchema,
  status: 201,
});

export const updateServer = defineRoute({
  id: 'servers.update',
  method: 'PATCH',
  path: '/servers/:name',
  tag: 'servers',
  kind: 'json',
  summary: 'Change fields of a server; null removes a field; env/headers replace the whole map',
  description:
    'Values equal to "[redacted]" inside env or headers keep the stored value, so the config shown by GET can be sent back.',
  params: ServerNameParams,
  body: UpdateServerBodySchema,
  response: ServerDetailSchema,
});

export const removeServer = defineRoute({
  id: 'servers.remove',
  method: 'DELETE',
  path: '/servers/:name',
  tag: 'servers',
  kind: 'json',
  summary: 'Remove a server from the config (it is stopped)',
  params: ServerNameParams,
  response: OkSchema,
});

function serverAction<const Id extends string, const A extends string>(id: Id, action: A, summary: string) {
  return defineRoute({
    id,
    method: 'POST',
    path: `/servers/:name/${action}` as const,
    tag: 'servers',
    kind: 'json',
    summary,
    params: ServerNameParams,
    response: ServerSummarySchema,
  });
}

export const enableServer = serverAction('servers.enable', 'enable', 'Enable a server (and start it)');
export const disableServer = serverAction(
  'servers.disable',
  'disable',
  'Disable a server (it stops, no restarts)',
);
export const allowServerKeys = defineRoute({
  id: 'servers.allow',
  method: 'POST',
  path: '/servers/:name/allow',
  tag: 'servers',
  kind: 'json',
  summary:
    "Add env keys or interpreter options the gateway refuses by default to one server's allow list, and start it",
  params: ServerNameParams,
  body: AllowBodySchema,
  response: ServerSummarySchema,
});

export const approveServer = defineRoute({
  id: 'servers.approve',
  method: 'POST',
  path: '/servers/:name/approve',
  tag: 'servers',
  kind: 'json',
  summary:
    "Approve a server imported from another client's project file, and the ${VAR} / ${secret:NAME} references it wants expanded, and start it",
  params: ServerNameParams,
  body: ApproveBodySchema,
  response: ServerSummarySchema,
});

export const restartServer = serverAction('servers.restart', 'restart', 'Restart a server now');
export const wakeServer = serverAction(
  'servers.wake',
  'wake',
  'Start a sleeping server now (it answers when the server is up)',
);
export const sleepServer = serverAction(
  'servers.sleep',
  'sleep',
  'Stop an idle local server now and let it sleep (its lists stay served from the cache)',
);
export const resetServerCircuit = serverAction(
  'servers.resetCircuit',
  'reset-circuit',
  'Close an open circuit breaker and try the server again',
);

export const serverLogs = defineRoute({
  id: 'servers.logs',
  method: 'GET',
  path: '/servers/:name/logs',
  tag: 'logs',
  kind: 'json',
  summary: "Recent lines of a server's log (stderr and gateway notes), oldest first",
  params: ServerNameParams,
  query: LogsQuerySchema,
  response: LogListSchema,
});

export const serverLogStream = defineRoute({
  id: 'servers.logStream',
  method: 'GET',
  path: '/servers/:name/logs/stream',
  tag: 'logs',
  kind: 'sse',
  summary: 'Live log lines as Server-Sent Events (event `log`, id = seq; resumes after Last-Event-ID)',
  params: ServerNameParams,
  query: LogsQuerySchema,
  response: LogLineSchema,
});

export const listTools = defineRoute({
  id: 'tools.list',
  method: 'GET',
  path: '/tools',
  tag: 'tools',
  kind: 'json',
  summary: 'Tools of all servers with visibility, hidden reason and token cost',
  query: ToolsQuerySchema,
  response: ToolListSchema,
});

export const enableTool = defineRoute({
  id: 'tools.enable',
  method: 'POST',
  path: '/tools/:server/:tool/enable',
  tag: 'tools',
  kind: 'json',
  summary: 'Switch a tool back on (removes it from mcpServers.<server>.tools.disabled)',
  params: ToolParams,
  response: ToolToggleSchema,
});

export const disableTool = defineRoute({
  id: 'tools.disable',
  method: 'POST',
  path: '/tools/:server/:tool/disable',
  tag: 'tools',
  kind: 'json',
  summary: 'Hide a tool from clients (adds it to mcpServers.<server>.tools.disabled)',
  params: ToolParams,
  response: ToolToggleSchema,
});

export const callTool = defineRoute({
  id: 'tools.call',
  method: 'POST',
  path: '/tools/call',
  tag: 'tools',
  kind: 'json',
  summary: 'Call a tool with arguments and return its result (recorded as a call from client `api`)',
  body: CallToolBodySchema,
  response: CallToolResultSchema,
});

export const events = defineRoute({
  id: 'events',
  method: 'GET',
  path: '/events',
  tag: 'events',
  kind: 'sse',
  summary: 'Every engine event as Server-Sent Events (event name = type); keep-alive comments',
  response: EngineEventSchema,
});

export const recentCalls = defineRoute({
  id: 'calls.list',
  method: 'GET',
  path: '/calls',
  tag: 'calls',
  kind: 'json',
  summary: 'Recent tool calls, newest last',
  query: CallsQuerySchema,
  response: CallListSchema,
});

export const listSessions = defineRoute({
  id: 'sessions.list',
  method: 'GET',
  path: '/sessions',
  tag: 'sessions',
  kind: 'json',
  summary: 'Connected client sessions',
  response: SessionListSchema,
});

export const getSettings = defineRoute({
  id: 'settings.get',
  method: 'GET',
  path: '/settings',
  tag: 'settings',
  kind: 'json',
  summary: 'The `gateway` section of the config (defaults applied)',
  response: SettingsSchema,
});

export const updateSettings = defineRoute({
  id: 'settings.update',
  method: 'PATCH',
  path: '/settings',
  tag: 'settings',
  kind: 'json',
  summary: 'Change gateway settings; the answer lists changes that need a restart (host, port, ...)',
  body: SettingsPatchSchema,
  response: SettingsSchema,
});

export const metrics = defineRoute({
  id: 'metrics',
  method: 'GET',
  path: '/metrics',
  tag: 'metrics',
  kind: 'json',
  summary:
    'Calls, errors and latency per server and tool, states, restarts, sessions (Prometheus text: GET /metrics)',
  response: MetricsSchema,
});

export const exportConfig = defineRoute({
  id: 'config.export',
  method: 'GET',
  path: '/config/export',
  tag: 'config',
  kind: 'json',
  summary: 'The config with secrets redacted (env and header values unless ${VAR} or ${secret:NAME})',
  response: ConfigExportSchema,
});

export const openapi = defineRoute({
  id: 'openapi',
  method: 'GET',
  path: '/openapi.json',
  tag: 'gateway',
  kind: 'json',
  summary: 'This API as an OpenAPI 3.1 document',
  response: OpenApiSchema,
});

export const CORE_ROUTES = [
  health,
  listServers,
  getServer,
  addServer,
  updateServer,
  removeServer,
  enableServer,
  disableServer,
  restartServer,
  wakeServer,
  sleepServer,
  resetServerCircuit,
  allowServerKeys,
  approveServer,
  serverLogs,
  serverLogStream,
  listTools,
  enableTool,
  disableTool,
  callTool,
  events,
  recentCalls,
  listSessions,
  getSettings,
  updateSettings,
  metrics,
  exportConfig,
  openapi,
] as const;
