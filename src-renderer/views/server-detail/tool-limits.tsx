import { TextField } from '../../components/field.js';
import { parseLimit } from './limits.js';
import { type ToolLimitsState, useToolLimits } from './use-tool-limits.js';

/** The four fields: globs to hide and to keep, at most so many tools and tokens. */
function LimitFields({ l }: { l: ToolLimitsState }) {
  const { form, setForm } = l;
  return (
    <div className="grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }}>
      <TextField
        id="lim-deny"
        label="Hide tools matching"
        mono
        placeholder="delete_*, *_admin"
        value={form.deny}
        onChange={(deny) => setForm({ ...form, deny })}
      />
      <TextField
        id="lim-allow"
        label="Only tools matching"
        mono
        placeholder="all tools"
        value={form.allow}
        onChange={(allow) => setForm({ ...form, allow })}
      />
      <TextField
        id="lim-tools"
        label="At most tools"
        inputMode="numeric"
        placeholder="no limit"
        value={form.maxTools}
        onChange={(maxTools) => setForm({ ...form, maxTools })}
        invalid={parseLimit(form.maxTools) === null}
      />
      <TextField
        id="lim-tokens"
        label="At most tokens"
        inputMode="numeric"
        placeholder="no limit"
        value={form.maxTokens}
        onChange={(maxTokens) => setForm({ ...form, maxTokens })}
        invalid={parseLimit(form.maxTokens) === null}
      />
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
