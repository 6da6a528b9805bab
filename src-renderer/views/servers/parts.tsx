import { Plus, Search, Server } from 'lucide-react';

import { EmptyState } from '../../components/empty-state.js';
import { FILTER_LABELS, type ServerFilter } from './filter.js';

export function NoServers() {
  return (
    <div className="card">
      <EmptyState
        icon={Server}
        title="No servers yet"
        action={
          <a className="btn primary" href="#/add">
            <Plus size={14} /> Add server
          </a>
        }
      >
        Add an MCP server and the gateway starts it, restarts it when it crashes, and serves its tools to
        every client.
      </EmptyState>
    </div>
  );
}

/** The text filter and the group of states to show. */
export function ServerFilterBar(props: {
  q: string;
  setQ: (q: string) => void;
  filter: ServerFilter;
  setFilter: (f: ServerFilter) => void;
}) {
  return (
    <div className="row wrap">
      <div className="search">
        <Search size={14} aria-hidden />
        <input
          className="input"
          placeholder="Filter servers"
          aria-label="Filter servers"
          value={props.q}
          onChange={(e) => props.setQ(e.target.value)}
        />
      </div>
      <div className="segmented" role="group" aria-label="Show">
        {(['all', 'problems', 'running', 'off'] as const).map((f) => (
          <button key={f} aria-pressed={props.filter === f} onClick={() => props.setFilter(f)}>
            {FILTER_LABELS[f]}
          </button>
        ))}
      </div>
    </div>
  );
}
