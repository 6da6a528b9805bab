import { Plus } from 'lucide-react';

import { CopyButton } from '../../components/copy-button.js';
import { Field, TextField } from '../../components/field.js';
import { newTokenProfiles, tokenPrefix } from './choices.js';
import type { Tokens } from './use-tokens.js';

/** Whether clients need a token, in words. */
export function AuthNote({ clientAuth }: { clientAuth: Tokens['clientAuth'] }) {
  return clientAuth === 'off' ? (
    <p className="muted" style={{ margin: 0 }}>
      <strong>Client tokens are off</strong> (<code>"gateway.clientAuth": "off"</code>): any program on this
      machine, including the MCP servers the gateway runs, can list and call every tool. Remove that line from
      the config to require a token again.
    </p>
  ) : (
    <p className="muted" style={{ margin: 0 }}>
      Every MCP client sends its own token as <code>Authorization: Bearer …</code>. Connect writes one into a
      client it knows; create one here for any other client. A token is shown once.
    </p>
  );
}

/** A new token, shown this once. */
function NewToken({ created }: { created: { token: string; name: string } }) {
  return (
    <div className="callout" role="status" aria-label="New token">
      <div style={{ minWidth: 0 }}>
        <strong>Token for {created.name}</strong> — copy it now: it is not shown again.
        <div className="row" style={{ gap: 8, marginTop: 6 }}>
          <code className="mono" style={{ wordBreak: 'break-all' }} data-testid="new-token">
            {created.token}
          </code>
          <CopyButton text={created.token} label="Copy token" />
        </div>
        <div className="faint" style={{ marginTop: 6 }}>
          Send it as the header <code>Authorization: Bearer {tokenPrefix(created.token)}</code>
        </div>
      </div>
    </div>
  );
}

/** A client's name and profile, and the token created for them. */
export function CreateForm({ t }: { t: Tokens }) {
  const f = t.form;
  return (
    <>
      <form
        className="row"
        style={{ gap: 8, flexWrap: 'wrap' }}
        onSubmit={(e) => {
          e.preventDefault();
          void f.create();
        }}
      >
        <TextField
          id="tok-name"
          label="Client name"
          style={{ flex: '1 1 200px' }}
          value={f.name}
          onChange={f.setName}
          placeholder="e.g. ci-agent"
          maxLength={64}
        />
        <Field id="tok-profile" label="Profile">
          <select
            id="tok-profile"
            className="select"
            value={f.profile}
            onChange={(e) => f.setProfile(e.target.value)}
          >
            {newTokenProfiles(t.profiles).map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <button
          className="btn primary"
          type="submit"
          disabled={f.busy || f.name.trim() === ''}
          style={{ alignSelf: 'end' }}
        >
          <Plus size={14} /> Create token
        </button>
      </form>
      {f.created !== undefined && <NewToken created={f.created} />}
    </>
  );
}
