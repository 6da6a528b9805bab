import { SERVER_STATES, type ServerState } from '../../../src-shared/states.js';

/**
 * The snippets a person pastes into each kind of client. With client tokens on (the default) each
 * carries the `Authorization` header with a placeholder: Clients → Client tokens creates the token.
 */
export function clientSnippets(
  endpoint: string,
  auth = true,
): Array<{ id: string; label: string; text: string; note: string }> {
  const token = '<client token from Clients → Client tokens>';
  const headers = auth ? { headers: { Authorization: `Bearer ${token}` } } : {};
  const tokenNote = auth
    ? ' Replace the placeholder with a client token (Clients → Client tokens), or let Clients → Connect write it for you.'
    : '';
  return [
    {
      id: 'json',
      label: 'Cursor / JSON',
      note: `Add to ~/.cursor/mcp.json, .vscode/mcp.json (as "servers") or any client that takes a URL.${tokenNote}`,
      text: JSON.stringify({ mcpServers: { gateway: { url: endpoint, ...headers } } }, null, 2),
    },
    {
      id: 'claude-code',
      label: 'Claude Code',
      note: `Run once in a terminal.${tokenNote}`,
      text: `claude mcp add --transport http gateway ${endpoint}${auth ? ` --header "Authorization: Bearer ${token}"` : ''}`,
    },
    {
      id: 'claude-desktop',
      label: 'Claude Desktop',
      note: `Claude Desktop speaks stdio: the bridge forwards to the gateway. Put this in claude_desktop_config.json.${auth ? ' The bridge reads the token from an owner-only file (never from its command line); Clients → Connect writes both.' : ''}`,
      text: JSON.stringify(
        {
          mcpServers: {
            gateway: {
              command: 'mcp-gateway',
              args: [
                'stdio',
                '--url',
                endpoint,
                ...(auth ? ['--token-file', '<file holding the token>'] : []),
              ],
            },
          },
        },
        null,
        2,
      ),
    },
  ];
}

export type HealthLevel = 'ok' | 'degraded' | 'failed' | 'paused' | 'empty';

/** The gateway's health as the endpoint card's badge shows it: its state class and its words. */
export function healthBadge(level: HealthLevel): { state: string; label: string } {
  switch (level) {
    case 'ok':
      return { state: 'running', label: 'Healthy' };
    case 'failed':
      return { state: 'error', label: 'Something failed' };
    case 'degraded':
      return { state: 'degraded', label: 'Degraded' };
    case 'paused':
      return { state: 'stopped', label: 'Paused' };
    default:
      return { state: 'stopped', label: 'No servers running' };
  }
}

/** How many servers are in each state. */
export function countStates(states: ServerState[]): Record<ServerState, number> {
  const c = Object.fromEntries(SERVER_STATES.map((s) => [s, 0])) as Record<ServerState, number>;
  for (const s of states) {
    c[s] += 1;
  }
  return c;
}

/** The servers stat's hint: running, sleeping and failing. */
export function serversHint(c: Record<ServerState, number>): string {
  const failing = c.error + c.restarting;
  return `${c.running} running${c.sleeping > 0 ? ` · ${c.sleeping} sleeping` : ''}${failing > 0 ? ` · ${failing} failing` : ''}`;
}

/** Where the config file's problem is, e.g. " (line 3, column 4)". */
export function wherePart(line: number | undefined, column: number | undefined): string {
  return line === undefined ? '' : ` (line ${line}${column !== undefined ? `, column ${column}` : ''})`;
}
