import { Eye, EyeOff, Plus, X } from 'lucide-react';
import { useState } from 'react';

import { isSecretKey } from '../../src-shared/redact.js';

export interface KvPair {
  key: string;
  value: string;
}

function Row({
  pair,
  onChange,
  onRemove,
  what,
  index,
}: {
  pair: KvPair;
  onChange: (p: KvPair) => void;
  onRemove: () => void;
  what: string;
  index: number;
}) {
  const secret = isSecretKey(pair.key);
  const [reveal, setReveal] = useState(false);
  return (
    <div className="kv-row">
      <input
        className="input mono"
        aria-label={`${what} ${index + 1} name`}
        placeholder="NAME"
        value={pair.key}
        onChange={(e) => onChange({ ...pair, key: e.target.value })}
      />
      <input
        className="input mono"
        aria-label={`${what} ${index + 1} value`}
        placeholder={secret ? 'secret value' : 'value'}
        type={secret && !reveal ? 'password' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={pair.value}
        onChange={(e) => onChange({ ...pair, value: e.target.value })}
      />
      {secret ? (
        <button
          type="button"
          className="btn ghost icon sm"
          aria-label={reveal ? 'Hide value' : 'Show value'}
          onClick={() => setReveal(!reveal)}
        >
          {reveal ? <EyeOff size={14} /> : <Eye size={14} />}
        </button>
      ) : (
        <span style={{ width: 26 }} />
      )}
      <button
        type="button"
        className="btn ghost icon sm"
        aria-label={`Remove ${what} ${pair.key || index + 1}`}
        onClick={onRemove}
      >
        <X size={14} />
      </button>
    </div>
  );
}

/** Name/value pairs; values under secret-looking names are masked. */
export function KvEditor({
  pairs,
  onChange,
  what,
}: {
  pairs: KvPair[];
  onChange: (p: KvPair[]) => void;
  what: string;
}) {
  return (
    <div className="kv-editor">
      {pairs.map((p, i) => (
        <Row
          key={i}
          index={i}
          what={what}
          pair={p}
          onChange={(np) => onChange(pairs.map((x, j) => (j === i ? np : x)))}
          onRemove={() => onChange(pairs.filter((_, j) => j !== i))}
        />
      ))}
      <div>
        <button type="button" className="btn sm" onClick={() => onChange([...pairs, { key: '', value: '' }])}>
          <Plus size={13} /> Add {what.toLowerCase()}
        </button>
      </div>
    </div>
  );
}

export function toPairs(m: Record<string, string> | undefined): KvPair[] {
  return Object.entries(m ?? {}).map(([key, value]) => ({ key, value }));
}

export function fromPairs(p: KvPair[]): Record<string, string> | undefined {
  const kept = p.filter((x) => x.key.trim() !== '');
  return kept.length === 0 ? undefined : Object.fromEntries(kept.map((x) => [x.key.trim(), x.value]));
}
