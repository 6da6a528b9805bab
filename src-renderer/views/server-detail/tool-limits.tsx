import { Field } from '../../components/field.js';
import { parseLimit } from './limits.js';
import { type ToolLimitsState, useToolLimits } from './use-tool-limits.js';

/** The four fields: globs to hide and to keep, at most so many tools and tokens. */
function LimitFields({ l }: { l: ToolLimitsState }) {
  const { form, setForm } = l;
  return (
    <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }}>
      <Field id="lim-deny" label="Hide tools matching">
        <input
          id="lim-deny"
          className="input mono"
          placeholder="delete_*, *_admin"
          value={form.deny}
          onChange={(e) => setForm({ ...form, deny: e.target.value })}
        />
      </Field>
      <Field id="lim-allow" label="Only tools matching">
        <input
          id="lim-allow"
          className="input mono"
          placeholder="all tools"
          value={form.allow}
          onChange={(e) => setForm({ ...form, allow: e.target.value })}
        />
      </Field>
      <Field id="lim-tools" label="At most tools">
        <input
          id="lim-tools"
          className="input"
          inputMode="numeric"
          placeholder="no limit"
          value={form.maxTools}
          onChange={(e) => setForm({ ...form, maxTools: e.target.value })}
          aria-invalid={parseLimit(form.maxTools) === null}
        />
      </Field>
      <Field id="lim-tokens" label="At most tokens">
        <input
          id="lim-tokens"
          className="input"
          inputMode="numeric"
          placeholder="no limit"
          value={form.maxTokens}
          onChange={(e) => setForm({ ...form, maxTokens: e.target.value })}
          aria-invalid={parseLimit(form.maxTokens) === null}
        />
      </Field>
    </div>
  );
}

/** Per-server filters and budgets (the server's `tools` controls), previewed before saving. */
export function ToolLimits({ name }: { name: string }) {
  const l = useToolLimits(name);
  if (!l.loaded) {
    return null;
  }
  return (
    <form
      className="card-pad stack"
      style={{ gap: 10, borderTop: '1px solid var(--border)' }}
      aria-label="Tool limits"
      onSubmit={(e) => {
        e.preventDefault();
        void l.save();
      }}
    >
      <h3>Limits for this server</h3>
      <LimitFields l={l} />
      {l.bad ? (
        <span className="err-text">Limits are whole numbers; leave a field empty for no limit.</span>
      ) : (
        <span className="help" role="status" data-testid="limits-effect">
          {l.effect ?? 'Patterns are globs separated by commas. Changes are previewed here before you save.'}
        </span>
      )}
      <div className="row">
        <button className="btn primary sm" type="submit" disabled={!l.dirty || l.bad || l.busy}>
          Save limits
        </button>
        {l.dirty && (
          <button className="btn ghost sm" type="button" onClick={l.discard}>
            Discard
          </button>
        )}
      </div>
    </form>
  );
}
