import { Search } from 'lucide-react';

import type { Activity } from './use-activity.js';

function Choice(props: {
  label: string;
  all: string;
  value: string;
  options: string[];
  onChange: (v: string) => void;
}) {
  return (
    <select
      className="select"
      style={{ width: 'auto' }}
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    >
      <option value="">{props.all}</option>
      {props.options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

/** Text, server, client, profile and result filters. */
export function FilterBar({ a }: { a: Activity }) {
  const { filter: f, options } = a;
  return (
    <div className="row wrap">
      <div className="search">
        <Search size={14} aria-hidden />
        <input
          className="input"
          placeholder="Filter by tool, client or error"
          aria-label="Filter calls"
          value={f.q}
          onChange={(e) => f.setQ(e.target.value)}
        />
      </div>
      <Choice
        label="Server"
        all="All servers"
        value={f.server}
        options={options.servers}
        onChange={f.setServer}
      />
      <Choice
        label="Client"
        all="All clients"
        value={f.client}
        options={options.clients}
        onChange={f.setClient}
      />
      <Choice
        label="Profile"
        all="All profiles"
        value={f.profile}
        options={options.profileNames}
        onChange={f.setProfile}
      />
      <div className="segmented" role="group" aria-label="Result">
        {(['all', 'ok', 'error'] as const).map((r) => (
          <button key={r} aria-pressed={f.result === r} onClick={() => f.setResult(r)}>
            {r === 'all' ? 'All' : r === 'ok' ? 'Succeeded' : 'Failed'}
          </button>
        ))}
      </div>
    </div>
  );
}
