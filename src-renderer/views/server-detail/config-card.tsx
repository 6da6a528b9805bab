import { Pencil } from 'lucide-react';
import { useState } from 'react';

import * as routes from '../../../src-shared/api/routes.js';
import type { ServerDetail } from '../../../src-shared/api/schemas.js';
import { useEngine } from '../../api/context.js';
import { CopyButton } from '../../components/copy-button.js';
import { ErrorCallout } from '../../components/error-callout.js';
import { toast } from '../../components/toaster.js';
import { setServerDetail } from '../../stores/servers.js';
import { configUpdate } from './config-edit.js';

function ConfigEditor({ detail, onClose }: { detail: ServerDetail; onClose: () => void }) {
  const link = useEngine();
  const [text, setText] = useState(() => JSON.stringify(detail.config, null, 2));
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [apiError, setApiError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const save = async (): Promise<void> => {
    const update = configUpdate(text, detail.config);
    if ('problem' in update) {
      setProblem(update.problem);
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      const d = await link.api.call(routes.updateServer, {
        params: { name: detail.name },
        body: update.body,
      });
      setServerDetail(d, Date.now());
      toast({
        kind: 'success',
        title: `Saved ${detail.name}`,
        description: 'It restarts with the new config.',
      });
      onClose();
    } catch (err) {
      setApiError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack" style={{ gap: 10 }}>
      <textarea
        className="textarea"
        rows={Math.min(18, text.split('\n').length + 2)}
        spellCheck={false}
        aria-label="Server config (JSON)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={problem !== undefined}
      />
      <span className="help">
        Values shown as [redacted] keep the stored secret. Use ${'{'}VAR{'}'} or ${'{'}secret:NAME{'}'} to
        reference a value instead of pasting it.
      </span>
      {problem !== undefined && (
        <span className="err-text" role="alert">
          {problem}
        </span>
      )}
      {apiError !== undefined && <ErrorCallout error={apiError} title="The change was not saved" />}
      <div className="row">
        <button className="btn primary" disabled={busy} onClick={() => void save()}>
          {busy ? 'Saving…' : 'Save and restart'}
        </button>
        <button className="btn ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** The server's config (secrets hidden), with a JSON editor behind Edit. */
export function ConfigCard({ detail }: { detail: ServerDetail | undefined }) {
  const [editing, setEditing] = useState(false);
  if (detail === undefined) {
    return (
      <div className="card card-pad stack">
        <div className="skeleton" style={{ width: '50%' }} />
        <div className="skeleton" style={{ width: '80%' }} />
      </div>
    );
  }
  const text = JSON.stringify({ [detail.name]: detail.config }, null, 2);
  return (
    <section className="card" aria-labelledby="cfg-h">
      <div className="card-head">
        <h2 id="cfg-h">Config</h2>
        <span className="faint hide-compact">secrets are hidden</span>
        {!editing && (
          <button className="btn sm" onClick={() => setEditing(true)}>
            <Pencil size={13} /> Edit
          </button>
        )}
      </div>
      <div className="card-pad">
        {editing ? (
          <ConfigEditor detail={detail} onClose={() => setEditing(false)} />
        ) : (
          <div className="code wrap">
            {text}
            <span className="copy-corner">
              <CopyButton text={text} label="Copy config" />
            </span>
          </div>
        )}
      </div>
    </section>
  );
}
