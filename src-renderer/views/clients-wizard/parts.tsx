import { AlertTriangle, CheckCircle2, Loader2, RefreshCw } from 'lucide-react';
import type { ReactNode } from 'react';

import { describeError } from '../../api/client.js';
import type { ClientReport } from '../../stores/clients.js';
import { STEPS } from './model.js';

export function StepList({ index }: { index: number }) {
  return (
    <ol
      aria-label="Steps"
      className="row wrap"
      style={{ listStyle: 'none', margin: '6px 0 0', padding: 0, gap: 4, fontSize: 12 }}
    >
      {STEPS.map((s, i) => (
        <li
          key={s.id}
          aria-current={i === index ? 'step' : undefined}
          className="row"
          style={{
            gap: 4,
            color: i === index ? 'var(--accent)' : i < index ? 'var(--text-2)' : 'var(--text-3)',
            fontWeight: i === index ? 600 : 400,
          }}
        >
          <span
            aria-hidden
            style={{
              display: 'inline-grid',
              placeItems: 'center',
              width: 18,
              height: 18,
              borderRadius: 999,
              fontSize: 11,
              background:
                i === index ? 'var(--accent)' : i < index ? 'var(--accent-soft)' : 'var(--bg-sunken)',
              color: i === index ? 'var(--accent-text)' : 'inherit',
            }}
          >
            {i < index ? '✓' : i + 1}
          </span>
          {s.label}
          {i < STEPS.length - 1 && (
            <span aria-hidden style={{ color: 'var(--text-3)', margin: '0 2px' }}>
              ›
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

export function Footer({ children }: { children: ReactNode }) {
  return (
    <div
      className="row"
      style={{
        position: 'sticky',
        bottom: -16,
        background: 'var(--bg-elev)',
        padding: '10px 0 0',
        borderTop: '1px solid var(--border)',
        marginBottom: -4,
      }}
    >
      {children}
    </div>
  );
}

export function ResultLine({
  state,
  children,
}: {
  state: 'waiting' | 'running' | 'ok' | 'error';
  children: ReactNode;
}) {
  return (
    <div className="row" style={{ gap: 8 }}>
      {state === 'running' && (
        <Loader2 size={15} className="spin" aria-hidden style={{ color: 'var(--blue)' }} />
      )}
      {state === 'waiting' && (
        <span className="dot" aria-hidden style={{ color: 'var(--grey)', margin: '0 3px' }} />
      )}
      {state === 'ok' && <CheckCircle2 size={15} aria-hidden style={{ color: 'var(--green)' }} />}
      {state === 'error' && <AlertTriangle size={15} aria-hidden style={{ color: 'var(--red)' }} />}
      <span style={{ fontWeight: 500 }}>{children}</span>
    </div>
  );
}

/** An error said in terms of the client and its file, and whether anything was written. */
export function ClientError({
  client,
  error,
  action,
  onRetry,
}: {
  client: ClientReport;
  error: unknown;
  action: string;
  onRetry?: () => void;
}) {
  const d = describeError(error);
  let title = `${client.name} could not be ${action}`;
  let help = d.help;
  if (d.code === 'CLIENT_CONFIG_UNPARSEABLE') {
    title = `${client.name}'s config file cannot be read: nothing was written`;
    help = 'Fix the file at the line shown (or remove it), then try again.';
  } else if (d.code === 'CLIENT_CONFIG_CHANGED') {
    title = `${client.name}'s config file changed while we worked on it: nothing was overwritten`;
    help =
      'Another program (often the client itself) wrote the file just now. Try again: the change is planned afresh from the new file.';
  }
  return (
    <div className="callout error" role="alert">
      <AlertTriangle size={16} aria-hidden />
      <div style={{ flex: 1, minWidth: 0 }}>
        <div className="title">{title}</div>
        <div style={{ overflowWrap: 'anywhere' }}>{d.message}</div>
        {help !== undefined && <div className="help">{help}</div>}
        {onRetry !== undefined && (
          <button className="btn sm" style={{ marginTop: 6 }} onClick={onRetry}>
            <RefreshCw size={13} /> Try again
          </button>
        )}
      </div>
    </div>
  );
}
