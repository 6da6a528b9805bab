import { Field } from '../../components/field.js';
import type { Draft } from './draft.js';
import type { ProfileEditorModel } from './use-profile-editor.js';

type Props = { m: ProfileEditorModel };

export function NameFields({ m }: Props) {
  const { draft, errors, set, invalid } = m;
  return (
    <>
      {m.creating && (
        <Field id="pf-name" label="Name" error={errors.name} help="Letters, digits, - _ and ., e.g. coding.">
          <input
            id="pf-name"
            className="input"
            value={draft.name}
            onChange={(e) => set('name', e.target.value)}
            autoComplete="off"
            maxLength={48}
            {...invalid('name')}
          />
        </Field>
      )}
      <Field id="pf-description" label="Description" error={errors.description}>
        <input
          id="pf-description"
          className="input"
          value={draft.description}
          onChange={(e) => set('description', e.target.value)}
          placeholder="e.g. coding tools for Cursor"
          {...invalid('description')}
        />
      </Field>
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
  const { draft, errors, set, invalid } = m;
  return (
    <>
      <Field
        id="pf-allow"
        label="Allow tools"
        error={errors.allow}
        help={
          <>
            One glob a line over <code>server__tool</code> names, e.g. <code>github__get_*</code>. Empty:
            every tool of the servers.
          </>
        }
      >
        <textarea
          id="pf-allow"
          className="textarea"
          rows={3}
          value={draft.allow}
          onChange={(e) => set('allow', e.target.value)}
          spellCheck={false}
          {...invalid('allow')}
        />
      </Field>
      <Field
        id="pf-deny"
        label="Deny tools"
        error={errors.deny}
        help="One glob a line; deny wins over allow."
      >
        <textarea
          id="pf-deny"
          className="textarea"
          rows={2}
          value={draft.deny}
          onChange={(e) => set('deny', e.target.value)}
          spellCheck={false}
          {...invalid('deny')}
        />
      </Field>
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
      <Field
        id="pf-rateLimit"
        label="Requests a minute"
        error={errors.rateLimit}
        help="Per client; empty: no limit."
      >
        <input
          id="pf-rateLimit"
          className="input"
          inputMode="numeric"
          value={draft.rateLimit}
          onChange={(e) => set('rateLimit', e.target.value)}
          placeholder="no limit"
          {...invalid('rateLimit')}
        />
      </Field>
    </div>
  );
}

export function PinnedField({ m }: Props) {
  return (
    <Field
      id="pf-pinned"
      label="Pinned tools"
      error={m.errors.pinned}
      help="In meta mode, listed next to the meta tools; one exposed name a line."
    >
      <textarea
        id="pf-pinned"
        className="textarea"
        rows={2}
        value={m.draft.pinned}
        onChange={(e) => m.set('pinned', e.target.value)}
        spellCheck={false}
        {...m.invalid('pinned')}
      />
    </Field>
  );
}
