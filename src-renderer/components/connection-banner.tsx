import { KeyRound, RefreshCw, WifiOff } from 'lucide-react';
import { useEffect, useState } from 'react';

import { rememberToken } from '../api/bootstrap.js';
import { useEngine } from '../api/context.js';
import { useConnection } from '../stores/connection.js';

/** Shown while the engine is unreachable; the link reconnects by itself, this only says so. */
export function ConnectionBanner() {
  const status = useConnection((s) => s.status);
  const detail = useConnection((s) => s.detail);
  const retryAt = useConnection((s) => s.retryAt);
  const everOnline = useConnection((s) => s.everOnline);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (status !== 'offline') {
      return;
    }
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [status]);
  if (status !== 'offline' && !(status === 'connecting' && everOnline)) {
    return null;
  }
  const secs = retryAt !== undefined ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;
  return (
    <div className="banner offline" role="status" aria-live="polite">
      <WifiOff size={15} aria-hidden />
      <span className="grow">
        {everOnline ? 'Lost connection to the gateway.' : 'Cannot reach the gateway.'}{' '}
        <span className="muted">
          {detail ?? ''} {secs > 0 ? `Retrying in ${secs}s…` : 'Reconnecting…'}
        </span>
      </span>
      <RefreshCw size={14} className="spin" aria-hidden />
    </div>
  );
}

/** Opened without a token (or with a stale one): explain where to find it and accept a paste. */
export function TokenGate() {
  const link = useEngine();
  const status = useConnection((s) => s.status);
  const [value, setValue] = useState('');
  return (
    <div className="page" style={{ maxWidth: 520 }}>
      <div className="card card-pad stack" style={{ gap: 14, marginTop: 40 }}>
        <div className="row">
          <span
            className="empty-icon"
            style={{
              width: 36,
              height: 36,
              borderRadius: 10,
              background: 'var(--accent-soft)',
              color: 'var(--accent)',
              display: 'grid',
              placeItems: 'center',
            }}
          >
            <KeyRound size={18} />
          </span>
          <h1 tabIndex={-1}>
            {status === 'unauthorized' ? 'The access token was refused' : 'Access token needed'}
          </h1>
        </div>
        <p className="muted" style={{ margin: 0 }}>
          The gateway protects its control page with a token. Open the link printed by{' '}
          <code>mcp-gateway serve</code> (it ends in <code>#token=…</code>), or paste the token from the file{' '}
          <code>admin-token</code> in the gateway’s data folder.
        </p>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            const t = value.trim();
            if (t !== '') {
              rememberToken(t);
              link.setToken(t);
            }
          }}
        >
          <input
            className="input mono"
            type="password"
            aria-label="Access token"
            placeholder="Paste the token"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoFocus
          />
          <button className="btn primary" type="submit">
            Connect
          </button>
        </form>
      </div>
    </div>
  );
}
