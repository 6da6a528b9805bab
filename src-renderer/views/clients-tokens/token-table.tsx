import { Trash2 } from 'lucide-react';

import type { TokenInfoDto } from '../../../src-shared/api/identity.js';
import { formatAgo } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';
import { moveTargets } from './choices.js';
import type { Tokens } from './use-tokens.js';

function TokenRow({ t, tk, now }: { t: Tokens; tk: TokenInfoDto; now: number }) {
  return (
    <tr>
      <td>{tk.name}</td>
      <td>
        <select
          aria-label={`Profile of ${tk.name}`}
          value={tk.profile}
          onChange={(e) => void t.move(tk, e.target.value)}
        >
          {moveTargets(tk.profile, t.profiles).map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </td>
      <td className="hide-compact faint">{formatAgo(tk.createdAt, now)}</td>
      <td className="hide-compact faint">
        {tk.lastUsedAt === undefined ? 'never' : formatAgo(tk.lastUsedAt, now)}
      </td>
      <td style={{ textAlign: 'right' }}>
        <button className="btn sm danger" onClick={() => t.setRevoking(tk)} aria-label={`Revoke ${tk.name}`}>
          <Trash2 size={13} /> Revoke
        </button>
      </td>
    </tr>
  );
}

/** Every token: its client, its profile (changeable), when it was made and last used, revoke. */
export function TokenTable({ t, tokens }: { t: Tokens; tokens: TokenInfoDto[] }) {
  const now = useNow(30_000);
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Client tokens">
        <thead>
          <tr>
            <th>Client</th>
            <th>Profile</th>
            <th className="hide-compact">Created</th>
            <th className="hide-compact">Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((tk) => (
            <TokenRow key={tk.id} t={t} tk={tk} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
