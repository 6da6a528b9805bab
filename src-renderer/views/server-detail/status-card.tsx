import { Moon, RotateCcw, ShieldOff, Sun } from 'lucide-react';

import type { ServerDetail } from '../../../src-shared/api/schemas.js';
import { formatMiB } from '../../../src-shared/states.js';
import { serverAction } from '../../api/actions.js';
import { useEngine } from '../../api/context.js';
import { SignInButton } from '../../components/sign-in-button.js';
import { StateBadge } from '../../components/state-badge.js';
import { formatSpan, formatTokens } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';
import { type ServerRow, useServers } from '../../stores/servers.js';
import {
  canSleepNow,
  lastErrorLabel,
  nextAttemptText,
  restartsText,
  signInText,
  sleepPolicy,
  transportText,
} from './status-text.js';

/** The card's buttons: reset, wake or sleep as the state allows, sign-in, restart. */
function StatusActions({ name, row }: { name: string; row: ServerRow }) {
  const link = useEngine();
  return (
    <div className="card-head">
      <h2 id="status-h">Status</h2>
      {row.state === 'error' && (
        <button className="btn sm" onClick={() => void serverAction(link, name, 'reset')}>
          <ShieldOff size={13} /> Reset circuit
        </button>
      )}
      {row.state === 'sleeping' && (
        <button className="btn sm" onClick={() => void serverAction(link, name, 'wake')}>
          <Sun size={13} /> Wake
        </button>
      )}
      {canSleepNow(row) && (
        <button className="btn sm" onClick={() => void serverAction(link, name, 'sleep')}>
          <Moon size={13} /> Sleep now
        </button>
      )}
      <SignInButton server={row} withSignOut />
      <button
        className="btn sm"
        disabled={row.disabled}
        onClick={() => void serverAction(link, name, 'restart')}
      >
        <RotateCcw size={13} /> Restart
      </button>
    </div>
  );
}

/** State, sign-in, the last error, the next attempt, uptime and memory. */
function HealthFacts({ row, now }: { row: ServerRow; now: number }) {
  const error = row.lastError !== undefined ? lastErrorLabel(row) : undefined;
  return (
    <>
      <dt>State</dt>
      <dd>
        <StateBadge state={row.state} />{' '}
        <span className="muted" data-testid="state-reason">
          {row.reason}
        </span>
      </dd>
      {row.signIn !== undefined && (
        <>
          <dt>Sign-in</dt>
          <dd data-testid="sign-in-status">
            {signInText(row.signIn)}
            {row.signIn.lastError !== undefined && !row.signIn.signedIn && (
              <span style={{ color: 'var(--red)' }}> · {row.signIn.lastError}</span>
            )}
          </dd>
        </>
      )}
      {error !== undefined && (
        <>
          <dt>{error.label}</dt>
          {error.muted ? (
            <dd className="muted">{row.lastError}</dd>
          ) : (
            <dd style={{ color: 'var(--red)' }}>{row.lastError}</dd>
          )}
        </>
      )}
      {row.state === 'restarting' && row.nextAttemptAt !== undefined && (
        <>
          <dt>Next attempt</dt>
          <dd>{nextAttemptText(row.nextAttemptAt, now)}</dd>
        </>
      )}
      <dt>Uptime</dt>
      <dd>{row.upSince !== undefined ? formatSpan(now - row.upSince) : '—'}</dd>
      {row.footprintBytes !== undefined && (
        <>
          <dt>{row.state === 'sleeping' ? 'Memory saved' : 'Memory'}</dt>
          <dd data-testid="memory">
            {formatMiB(row.footprintBytes)}
            <span className="faint">
              {' '}
              {row.state === 'sleeping' ? '(its process tree when it last ran)' : '(process tree)'}
            </span>
          </dd>
        </>
      )}
    </>
  );
}

/** Sleep, restarts, transport, what the server reports as, its protocol warnings and tools. */
function ProcessFacts({ row, detail }: { row: ServerRow; detail: ServerDetail | undefined }) {
  const warnings = detail?.protocolWarnings ?? [];
  return (
    <>
      <dt>Sleep</dt>
      <dd data-testid="sleep-policy">{sleepPolicy(row)}</dd>
      <dt>Restarts</dt>
      <dd>{restartsText(row)}</dd>
      <dt>Transport</dt>
      <dd>{transportText(row)}</dd>
      {(detail?.serverName ?? row.serverName) !== undefined && (
        <>
          <dt>Reports as</dt>
          <dd>
            {row.serverName} {row.serverVersion ?? ''}
          </dd>
        </>
      )}
      {warnings.length > 0 && (
        <>
          <dt>Protocol warnings</dt>
          <dd data-testid="protocol-warnings">
            {warnings.map((w) => (
              <div key={w} style={{ color: 'var(--amber)' }}>
                {w}
              </div>
            ))}
            <div className="faint">The gateway works around these; tell the server's authors.</div>
          </dd>
        </>
      )}
      <dt>Tools</dt>
      <dd>
        {row.visibleTools} of {row.tools} visible · {formatTokens(row.tokens)} tokens
      </dd>
    </>
  );
}

/** The server's live status with its actions. */
export function StatusCard({ name, detail }: { name: string; detail: ServerDetail | undefined }) {
  const row = useServers((s) => s.byName[name]);
  const now = useNow(1000);
  if (row === undefined) {
    return null;
  }
  return (
    <section className="card" aria-labelledby="status-h">
      <StatusActions name={name} row={row} />
      <dl className="kv card-pad" style={{ margin: 0 }}>
        <HealthFacts row={row} now={now} />
        <ProcessFacts row={row} detail={detail} />
      </dl>
    </section>
  );
}
