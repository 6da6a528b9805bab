import { Pencil, TextCursorInput, Trash2 } from 'lucide-react';

import type { ProfileSummaryDto } from '../../../src-shared/api/identity.js';
import { formatTokens } from '../../lib/format.js';
import { clientsText, serversText } from './summary.js';

export interface ProfileActions {
  edit: (p: ProfileSummaryDto) => void;
  rename: (p: ProfileSummaryDto) => void;
  remove: (p: ProfileSummaryDto) => void;
}

function ProfileRow({ p, on }: { p: ProfileSummaryDto; on: ProfileActions }) {
  return (
    <tr>
      <td>
        <strong>{p.name}</strong>
        {!p.defined && <span className="faint"> (everything)</span>}
        {p.config.description !== undefined && <div className="faint">{p.config.description}</div>}
      </td>
      <td>{p.mode === 'meta' ? 'meta tools' : 'all tools'}</td>
      <td className="hide-compact">{serversText(p)}</td>
      <td>{p.tools}</td>
      <td>{formatTokens(p.tokens)} tokens</td>
      <td className="hide-compact">{clientsText(p)}</td>
      <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
        <button className="btn sm" onClick={() => on.edit(p)} aria-label={`Edit ${p.name}`}>
          <Pencil size={13} /> Edit
        </button>{' '}
        {p.name !== 'default' && (
          <button className="btn sm" onClick={() => on.rename(p)} aria-label={`Rename ${p.name}`}>
            <TextCursorInput size={13} /> Rename
          </button>
        )}{' '}
        {p.defined && (
          <button className="btn sm danger" onClick={() => on.remove(p)} aria-label={`Delete ${p.name}`}>
            <Trash2 size={13} /> {p.name === 'default' ? 'Reset' : 'Delete'}
          </button>
        )}
      </td>
    </tr>
  );
}

/** Every profile: what it serves, what that costs, which clients use it, and its actions. */
export function ProfileTable({ profiles, on }: { profiles: ProfileSummaryDto[]; on: ProfileActions }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Profiles">
        <thead>
          <tr>
            <th>Profile</th>
            <th>Mode</th>
            <th className="hide-compact">Servers</th>
            <th>Tools</th>
            <th>Context</th>
            <th className="hide-compact">Clients</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {profiles.map((p) => (
            <ProfileRow key={p.name} p={p} on={on} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
