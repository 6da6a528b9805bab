import { Field, TextField } from '../../components/field.js';
import type { Draft } from './draft.js';
import type { ProfileEditorModel } from './use-profile-editor.js';

type Props = { m: ProfileEditorModel };

export function NameFields({ m }: Props) {
  const { draft, errors, set } = m;
  return (
    <>
      {m.creating && (
        <TextField
          id="pf-name"
          label="Name"
          value={draft.name}
          onChange={(v) => set('name', v)}
          error={errors.name}
          hint="Letters, digits, - _ and ., e.g. coding."
          autoComplete="off"
          maxLength={48}
        />
      )}
      <TextField
        id="pf-description"
        label="Description"
        value={draft.description}
        onChange={(v) => set('description', v)}
        error={errors.description}
        placeholder="e.g. coding tools for Cursor"
      />
    </>
  );
}

/** All servers (also ones added later), or a chosen few. */
export function ServersField({ m }: Props) {
  const { draft, errors, set } = m;
  return (
    <fieldset
      className="field"
      style={{ border: 0, padding: 0, margin: 0 }}
      aria-describedby={errors.servers !== undefined ? 'pf-servers-err' : undefined}
    >
      <legend className="field-label">Servers</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={draft.allServers}
          onChange={(e) => set('allServers', e.target.checked)}
        />
        All servers, also ones added later
      </label>
      {!draft.allServers && (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 14px' }}>
          {m.serverNames.length === 0 && <span className="help">No servers yet: add one first.</span>}
          {m.serverNames.map((s) => (
            <label className="checkbox" key={s}>
              <input
                type="checkbox"
                checked={draft.servers.includes(s)}
                onChange={(e) =>
                  set(
                    'servers',
                    e.target.checked ? [...draft.servers, s] : draft.servers.filter((x) => x !== s),
                  )
                }
              />
              <span className="mono">{s}</span>
            </label>
          ))}
        </div>
      )}
      {errors.servers !== undefined && (
        <span className="err" id="pf-servers-err" role="alert">
          {errors.servers}
        </span>
      )}
    </fieldset>
  );
}

export function GlobFields({ m }: Props) {
  const { draft, errors, set } = m;
  return (
    <>
      <TextField
        id="pf-allow"
        label="Allow tools"
        rows={3}
        value={draft.allow}
        onChange={(v) => set('allow', v)}
        error={errors.allow}
        hint={
          <>
            One glob a line over <code>server__tool</code> names, e.g. <code>github__get_*</code>. Empty:
            every tool of the servers.
          </>
        }
        spellCheck={false}
      />
      <TextField
        id="pf-deny"
        label="Deny tools"
        rows={2}
        value={draft.deny}
        onChange={(v) => set('deny', v)}
        error={errors.deny}
        hint="One glob a line; deny wins over allow."
        spellCheck={false}
      />
    </>
  );
}

export function ModeAndRateFields({ m }: Props) {
  const { draft, errors, set, invalid } = m;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
      <Field id="pf-mode" label="Mode" error={errors.mode}>
        <select
          id="pf-mode"
          className="select"
          value={draft.mode}
          onChange={(e) => set('mode', e.target.value as Draft['mode'])}
          {...invalid('mode')}
        >
          <option value="">The gateway&apos;s mode</option>
          <option value="all">All tools</option>
          <option value="meta">Meta tools (search and invoke)</option>
        </select>
      </Field>
      <TextField
        id="pf-rateLimit"
        label="Requests a minute"
        inputMode="numeric"
        value={draft.rateLimit}
        onChange={(v) => set('rateLimit', v)}
        error={errors.rateLimit}
        hint="Per client; empty: no limit."
        placeholder="no limit"
      />
    </div>
  );
}

export function PinnedField({ m }: Props) {
  return (
    <TextField
      id="pf-pinned"
      label="Pinned tools"
      rows={2}
      value={m.draft.pinned}
      onChange={(v) => m.set('pinned', v)}
      error={m.errors.pinned}
      hint="In meta mode, listed next to the meta tools; one exposed name a line."
      spellCheck={false}
    />
  );
}
