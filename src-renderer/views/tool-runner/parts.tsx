import type { FormField } from '../../../src-shared/tool-form.js';
import { Field, TextField } from '../../components/field.js';
import { formatDuration } from '../../lib/format.js';
import { kindHint, resultText } from './args.js';
import type { RunResult, ToolRunnerModel } from './use-tool-runner.js';

/** A checkbox argument: the box inside its label, its error or help under it. */
function BooleanArg({ m, f, id, err }: { m: ToolRunnerModel; f: FormField; id: string; err?: string }) {
  return (
    <div className="field">
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={m.values[f.name] === true}
          onChange={(e) => m.setValues({ ...m.values, [f.name]: e.target.checked })}
        />
        {f.name}
      </label>
      {err !== undefined ? (
        <span className="err">{err}</span>
      ) : (
        f.description !== undefined && <span className="help">{f.description}</span>
      )}
    </div>
  );
}

/** One argument: its label (or checkbox), its control, and its error or help. */
export function ArgField({ m, f, id }: { m: ToolRunnerModel; f: FormField; id: string }) {
  const err = m.errors[f.name];
  if (f.kind === 'boolean') {
    return <BooleanArg m={m} f={f} id={id} err={err} />;
  }
  const label = (
    <>
      {f.name}
      {f.required ? ' *' : ''} <span className="faint">{kindHint(f.kind)}</span>
    </>
  );
  const value = String(m.values[f.name] ?? '');
  const set = (v: string) => m.setValues({ ...m.values, [f.name]: v });
  if (f.kind === 'enum') {
    return (
      <Field id={id} label={label} error={err} hint={f.description}>
        <select id={id} className="select" value={value} onChange={(e) => set(e.target.value)}>
          <option value="">—</option>
          {f.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </Field>
    );
  }
  const multiline = f.kind === 'string-list' || f.kind === 'json';
  return (
    <TextField
      id={id}
      label={label}
      value={value}
      onChange={set}
      error={err}
      hint={f.description}
      rows={multiline ? 3 : undefined}
      inputMode={multiline || f.kind === 'string' ? undefined : 'decimal'}
      placeholder={
        !multiline && f.default !== undefined ? `default: ${JSON.stringify(f.default)}` : undefined
      }
    />
  );
}

/** The call's answer: success or the tool's error, its duration, and its text or raw JSON. */
export function ResultView({
  result,
  raw,
  setRaw,
}: {
  result: RunResult;
  raw: boolean;
  setRaw: (raw: boolean) => void;
}) {
  const text = resultText(result.result);
  return (
    <section className="stack" aria-label="Result">
      <div className="row">
        <span className={`tag ${result.isError ? 'bad' : 'ok'}`}>
          {result.isError ? 'Tool reported an error' : 'Success'}
        </span>
        <span className="faint">{formatDuration(result.durationMs)}</span>
        <span className="spacer" />
        <button type="button" className="btn ghost sm" aria-pressed={raw} onClick={() => setRaw(!raw)}>
          {raw ? 'Show text' : 'Show raw JSON'}
        </button>
      </div>
      <div className="code result-box" data-testid="tool-result" style={{ whiteSpace: 'pre-wrap' }}>
        {raw || text === undefined ? JSON.stringify(result.result, null, 2) : text}
      </div>
    </section>
  );
}
