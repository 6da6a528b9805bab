import * as Tabs from '@radix-ui/react-tabs';
import { AlertTriangle, Cable, Laptop, Plus, Server, Users } from 'lucide-react';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { formatMiB, memorySaved, SERVER_STATES, type ServerState } from '../../src-shared/states.js';
import { CopyButton } from '../components/copy-button.js';
import { EmptyState } from '../components/empty-state.js';
import { StateBadge } from '../components/state-badge.js';
import { formatAgo, formatTokens } from '../lib/format.js';
import { useCompact } from '../lib/use-compact.js';
import { useNow } from '../lib/use-now.js';
import { useConnection } from '../stores/connection.js';
import { useContextReport } from '../stores/context.js';
import { useProblems } from '../stores/problems.js';
import { byProblem, useServers } from '../stores/servers.js';
import { useSessions } from '../stores/sessions.js';
import { useSettings } from '../stores/settings.js';
import { useTools } from '../stores/tools.js';
import { ServerListRow } from './servers.js';

/**
 * The snippets a person pastes into each kind of client. With client tokens on (the default) each
 * carries the `Authorization` header with a placeholder: Clients → Client tokens creates the token.
 */
function clientSnippets(
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

export function OverviewView() {
  const now = useNow(10_000);
  const apiBase = useConnection((s) => s.apiBase);
  const health = useConnection((s) => s.health);
  const loaded = useServers((s) => s.loaded);
  const states = useServers(useShallow((s) => Object.values(s.byName).map((r) => r.state)));
  const saved = useServers((s) => memorySaved(Object.values(s.byName)));
  const sessions = useSessions((s) => s.sessions);
  const totals = useTools((s) => s.totals);
  // What clients actually load (meta mode and compaction included) when the engine reports it.
  const contextTokens = useContextReport((s) => s.report?.totals.contextTokens);
  const problems = useProblems((s) => s.problems);
  const configProblem = useProblems((s) => s.configProblem);
  const endpoint = `${apiBase}/mcp`;
  const counts = useMemo(() => {
    const c = Object.fromEntries(SERVER_STATES.map((s) => [s, 0])) as Record<ServerState, number>;
    for (const s of states) {
      c[s] += 1;
    }
    return c;
  }, [states]);
  const clientAuth = useSettings((s) => s.settings?.clientAuth);
  const snippets = clientSnippets(endpoint, clientAuth !== 'off');
  const compact = useCompact();
  const rows = useServers(useShallow((s) => Object.values(s.byName).sort(byProblem)));

  return (
    <div className="page">
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Overview</h1>
          <div className="page-sub hide-compact">
            One endpoint for every MCP client; the gateway runs and watches your servers.
          </div>
        </div>
        <a className="btn primary" href="#/add">
          <Plus size={14} /> Add server
        </a>
      </div>

      {configProblem !== undefined && (
        <div className="callout warn" role="alert">
          <AlertTriangle size={16} />
          <div>
            <div className="title">The config file has an error, so the last good config stays in force</div>
            <div>
              {configProblem.message}
              {configProblem.line !== undefined &&
                ` (line ${configProblem.line}${configProblem.column !== undefined ? `, column ${configProblem.column}` : ''})`}
            </div>
            <div className="help">
              Fix the file {health?.configFile ?? ''}; it is picked up as soon as you save.
            </div>
          </div>
        </div>
      )}

      <section className="card" aria-labelledby="endpoint-h">
        <div className="card-head">
          <Cable size={16} aria-hidden />
          <h2 id="endpoint-h">Gateway endpoint</h2>
          {health !== undefined && (
            <span
              className={`badge s-${health.health === 'ok' ? 'running' : health.health === 'failed' ? 'error' : health.health === 'degraded' ? 'degraded' : 'stopped'}`}
            >
              <span className="dot" aria-hidden />
              {health.health === 'ok'
                ? 'Healthy'
                : health.health === 'failed'
                  ? 'Something failed'
                  : health.health === 'degraded'
                    ? 'Degraded'
                    : health.health === 'paused'
                      ? 'Paused'
                      : 'No servers running'}
            </span>
          )}
        </div>
        <div className="card-pad stack" style={{ gap: 12 }}>
          <div className="endpoint">
            <span data-testid="endpoint">{endpoint}</span>
            <CopyButton text={endpoint} label="Copy endpoint URL" />
          </div>
          <details className="setup" open={!compact}>
            <summary>Connect a client</summary>
            <Tabs.Root defaultValue="json">
              <Tabs.List className="tabs-list" aria-label="Client setup">
                {snippets.map((s) => (
                  <Tabs.Trigger key={s.id} value={s.id}>
                    {s.label}
                  </Tabs.Trigger>
                ))}
              </Tabs.List>
              {snippets.map((s) => (
                <Tabs.Content key={s.id} value={s.id} className="stack" style={{ paddingTop: 10 }}>
                  <div className="faint">{s.note}</div>
                  <div className="code">
                    {s.text}
                    <span className="copy-corner">
                      <CopyButton text={s.text} label={`Copy ${s.label} snippet`} />
                    </span>
                  </div>
                </Tabs.Content>
              ))}
            </Tabs.Root>
          </details>
        </div>
      </section>

      {compact && rows.length > 0 && (
        <div className="card list" role="list" aria-label="Servers">
          {rows.map((r) => (
            <ServerListRow key={r.name} s={r} now={now} />
          ))}
        </div>
      )}

      <div className="grid grid-4">
        <a className="card stat" href="#/servers" style={{ color: 'inherit', textDecoration: 'none' }}>
          <span className="label">
            <Server size={13} /> Servers
          </span>
          <span className="value" data-testid="count-servers">
            {states.length}
          </span>
          <span className="hint">
            {counts.running} running{counts.sleeping > 0 ? ` · ${counts.sleeping} sleeping` : ''}
            {counts.error + counts.restarting > 0 ? ` · ${counts.error + counts.restarting} failing` : ''}
          </span>
          {saved > 0 && (
            <span className="hint" data-testid="memory-saved">
              {formatMiB(saved)} freed by sleeping servers
            </span>
          )}
        </a>
        <div className="card stat">
          <span className="label">Tools clients see</span>
          <span className="value">{totals.visible}</span>
          <span className="hint">of {totals.tools} offered</span>
        </div>
        <a className="card stat" href="#/budgets" style={{ color: 'inherit', textDecoration: 'none' }}>
          <span className="label">Context cost</span>
          <span className="value" data-testid="total-tokens">
            {formatTokens(contextTokens ?? totals.visibleTokens)}
          </span>
          <span className="hint">tokens of tool definitions</span>
        </a>
        <div className="card stat">
          <span className="label">
            <Users size={13} /> Clients
          </span>
          <span className="value">{sessions.length}</span>
          <span className="hint">connected sessions</span>
        </div>
      </div>

      {loaded && states.length === 0 ? (
        <div className="card">
          <EmptyState
            icon={Server}
            title="Add your first server"
            action={
              <div className="btn-group">
                <a className="btn primary" href="#/add">
                  <Plus size={14} /> Add server
                </a>
                <a className="btn" href="#/clients/setup">
                  <Laptop size={14} /> Import from your AI apps
                </a>
              </div>
            }
          >
            Bring in the servers your AI apps already use, pick one from the catalog, or paste a snippet. Then
            point your AI client at the endpoint above.
          </EmptyState>
        </div>
      ) : (
        <div className="grid grid-2">
          <section className="card" aria-labelledby="states-h">
            <div className="card-head">
              <h2 id="states-h">Servers by state</h2>
            </div>
            <div className="card-pad row wrap" style={{ gap: 8 }}>
              {SERVER_STATES.filter((s) => counts[s] > 0).map((s) => (
                <span key={s} className="row" style={{ gap: 4 }}>
                  <StateBadge state={s} />
                  <b>{counts[s]}</b>
                </span>
              ))}
              {states.length === 0 && <span className="faint">Loading…</span>}
            </div>
          </section>
          <section className="card" aria-labelledby="sessions-h">
            <div className="card-head">
              <h2 id="sessions-h">Connected clients</h2>
            </div>
            {sessions.length === 0 ? (
              <div className="card-pad faint">
                No client is connected. Paste the snippet above into Cursor, Claude or another client.
              </div>
            ) : (
              <table className="table">
                <tbody>
                  {sessions.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <b>{s.clientName}</b> <span className="faint">{s.clientVersion ?? ''}</span>
                        <div className="faint">
                          {s.transport} · {s.scope}
                        </div>
                      </td>
                      <td className="num faint">{formatAgo(s.lastSeenAt, now)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}

      <section className="card" aria-labelledby="problems-h">
        <div className="card-head">
          <AlertTriangle size={16} aria-hidden />
          <h2 id="problems-h">Recent errors</h2>
        </div>
        {problems.length === 0 ? (
          <div className="card-pad faint">Nothing has gone wrong recently.</div>
        ) : (
          <ul className="list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {problems.slice(0, 8).map((p) => (
              <li
                key={p.id}
                className="row"
                style={{
                  padding: '10px 16px',
                  borderBottom: '1px solid var(--border)',
                  alignItems: 'flex-start',
                }}
              >
                <div style={{ flex: 1, minWidth: 0 }}>
                  <div style={{ fontWeight: 500 }}>
                    {p.server !== undefined ? (
                      <a href={`#/servers/${encodeURIComponent(p.server)}`}>{p.title}</a>
                    ) : (
                      p.title
                    )}
                  </div>
                  <div className="faint" style={{ overflowWrap: 'anywhere' }}>
                    {p.detail}
                  </div>
                </div>
                <span className="faint" style={{ whiteSpace: 'nowrap' }}>
                  {formatAgo(p.at, now)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
