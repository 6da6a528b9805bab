import { useVirtualizer } from '@tanstack/react-virtual';
import { Activity, Search } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';

import { recentCalls } from '../../src-shared/api/routes.js';
import type { CallRecord } from '../../src-shared/events.js';
import { useEngine } from '../api/context.js';
import { EmptyState } from '../components/empty-state.js';
import { formatDuration, formatTime } from '../lib/format.js';
import { mergeCalls, useCalls } from '../stores/calls.js';
import { loadProfiles, useProfiles } from '../stores/profiles.js';

/** `#/activity?client=cursor&profile=coding`: the filters live in the address, so they can be linked. */
function filterFromHash(key: 'client' | 'profile'): string {
  const query = window.location.hash.split('?')[1] ?? '';
  return new URLSearchParams(query).get(key) ?? '';
}

function setFilterInHash(client: string, profile: string): void {
  const q = new URLSearchParams();
  if (client !== '') {
    q.set('client', client);
  }
  if (profile !== '') {
    q.set('profile', profile);
  }
  const query = q.toString();
  // replaceState: no hashchange, no history entry per choice.
  window.history.replaceState(null, '', `#/activity${query === '' ? '' : `?${query}`}`);
}

export function ActivityView() {
  const link = useEngine();
  const calls = useCalls((s) => s.calls);
  const loaded = useCalls((s) => s.loaded);
  const profiles = useProfiles((s) => s.profiles);
  const [q, setQ] = useState('');
  const [server, setServer] = useState('');
  const [client, setClient] = useState(() => filterFromHash('client'));
  const [profile, setProfile] = useState(() => filterFromHash('profile'));
  const [result, setResult] = useState<'all' | 'ok' | 'error'>('all');
  const servers = useMemo(() => [...new Set(calls.map((c) => c.server))].sort(), [calls]);
  // Clients: every token (from the profiles) and every caller seen; profiles: those in the config.
  const clients = useMemo(
    () =>
      [
        ...new Set([
          ...calls.map((c) => c.client),
          ...(profiles ?? []).flatMap((p) => p.clients),
          ...(client === '' ? [] : [client]),
        ]),
      ].sort((a, b) => a.localeCompare(b)),
    [calls, profiles, client],
  );
  const profileNames = useMemo(
    () => [...new Set([...(profiles ?? []).map((p) => p.name), ...(profile === '' ? [] : [profile])])],
    [profiles, profile],
  );

  useEffect(() => {
    void loadProfiles(link);
  }, [link]);

  // A client or profile filter also asks the gateway, which keeps calls the page may not have seen.
  useEffect(() => {
    setFilterInHash(client, profile);
    if (client === '' && profile === '') {
      return;
    }
    link.api
      .call(recentCalls, {
        query: { limit: 500, ...(client !== '' ? { client } : {}), ...(profile !== '' ? { profile } : {}) },
      })
      .then((r) => mergeCalls(r.calls))
      .catch(() => undefined);
  }, [link, client, profile]);

  const rows = useMemo(() => {
    const ql = q.toLowerCase();
    return calls
      .filter((c) => {
        const bad = !c.ok || c.isError === true;
        if (server !== '' && c.server !== server) {
          return false;
        }
        if (client !== '' && c.client !== client) {
          return false;
        }
        if (profile !== '' && c.profile !== profile) {
          return false;
        }
        if (result === 'ok' && bad) {
          return false;
        }
        if (result === 'error' && !bad) {
          return false;
        }
        return (
          ql === '' ||
          c.tool.toLowerCase().includes(ql) ||
          c.client.toLowerCase().includes(ql) ||
          (c.error ?? '').toLowerCase().includes(ql)
        );
      })
      .reverse();
  }, [calls, q, server, client, profile, result]);
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 44,
    overscan: 10,
  });
  const errors = calls.filter((c) => !c.ok || c.isError === true).length;

  return (
    <div className="page">
      <div className="page-head">
        <div style={{ flex: 1 }}>
          <h1 tabIndex={-1}>Activity</h1>
          <div className="page-sub">
            Every tool call through the gateway, live.{' '}
            {calls.length > 0 && `${calls.length} calls · ${errors} failed`}
          </div>
        </div>
      </div>
      {loaded && calls.length === 0 ? (
        <div className="card">
          <EmptyState icon={Activity} title="No calls yet">
            When a client (or you, from a server’s “Try a tool” tab) calls a tool, it shows up here with its
            duration and result.
          </EmptyState>
        </div>
      ) : (
        <>
          <div className="row wrap">
            <div className="search">
              <Search size={14} aria-hidden />
              <input
                className="input"
                placeholder="Filter by tool, client or error"
                aria-label="Filter calls"
                value={q}
                onChange={(e) => setQ(e.target.value)}
              />
            </div>
            <select
              className="select"
              style={{ width: 'auto' }}
              aria-label="Server"
              value={server}
              onChange={(e) => setServer(e.target.value)}
            >
              <option value="">All servers</option>
              {servers.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            <select
              className="select"
              style={{ width: 'auto' }}
              aria-label="Client"
              value={client}
              onChange={(e) => setClient(e.target.value)}
            >
              <option value="">All clients</option>
              {clients.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            <select
              className="select"
              style={{ width: 'auto' }}
              aria-label="Profile"
              value={profile}
              onChange={(e) => setProfile(e.target.value)}
            >
              <option value="">All profiles</option>
              {profileNames.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            <div className="segmented" role="group" aria-label="Result">
              {(['all', 'ok', 'error'] as const).map((r) => (
                <button key={r} aria-pressed={result === r} onClick={() => setResult(r)}>
                  {r === 'all' ? 'All' : r === 'ok' ? 'Succeeded' : 'Failed'}
                </button>
              ))}
            </div>
          </div>
          <div className="card">
            <div className="call-row call-head" aria-hidden>
              <span>Time</span>
              <span>Tool</span>
              <span className="hide-compact">Client</span>
              <span className="num">Duration</span>
              <span>Result</span>
            </div>
            <div
              ref={parent}
              style={{
                height: `min(${Math.max(rows.length, 1) * 44 + 4}px, 560px, calc(100vh - 260px))`,
                overflow: 'auto',
              }}
              role="table"
              aria-label="Calls"
            >
              {rows.length === 0 ? (
                <div className="card-pad faint">No call matches these filters.</div>
              ) : (
                <div style={{ height: v.getTotalSize(), position: 'relative' }} role="rowgroup">
                  {v.getVirtualItems().map((item) => {
                    const c = rows[item.index] as CallRecord;
                    const bad = !c.ok || c.isError === true;
                    return (
                      <div
                        key={c.id}
                        className="call-row"
                        role="row"
                        style={{
                          position: 'absolute',
                          top: 0,
                          left: 0,
                          right: 0,
                          transform: `translateY(${item.start}px)`,
                        }}
                      >
                        <span role="cell" className="faint">
                          {formatTime(c.at)}
                        </span>
                        <span role="cell" style={{ minWidth: 0 }}>
                          <a
                            href={`#/servers/${encodeURIComponent(c.server)}/calls`}
                            className="mono"
                            style={{ color: 'var(--text)', fontWeight: 600 }}
                          >
                            {c.server}
                          </a>
                          <span className="faint"> · </span>
                          <span className="mono">{c.tool}</span>
                        </span>
                        <span
                          role="cell"
                          className="hide-compact muted"
                          style={{
                            minWidth: 0,
                            overflow: 'hidden',
                            textOverflow: 'ellipsis',
                            whiteSpace: 'nowrap',
                          }}
                        >
                          {c.client}
                          {c.profile !== undefined && c.profile !== 'default' && (
                            <span className="faint"> · {c.profile}</span>
                          )}
                        </span>
                        <span role="cell" className="num">
                          {formatDuration(c.durationMs)}
                        </span>
                        <span
                          role="cell"
                          style={{
                            minWidth: 0,
                            overflow: 'hidden',
                            textOverflow: 'ellipsis',
                            whiteSpace: 'nowrap',
                          }}
                          title={c.error}
                        >
                          {bad ? (
                            <span className="tag bad">
                              {c.error ?? (c.isError === true ? 'tool error' : 'failed')}
                            </span>
                          ) : (
                            <span className="tag ok">ok</span>
                          )}
                        </span>
                      </div>
                    );
                  })}
                </div>
              )}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
