import { Play } from 'lucide-react';
import { useMemo, useState } from 'react';

import * as routes from '../../src-shared/api/routes.js';
import type { ToolSummary } from '../../src-shared/api/schemas.js';
import { argsFrom, fieldsOf } from '../../src-shared/tool-form.js';
import { useEngine } from '../api/context.js';
import { ErrorCallout } from '../components/error-callout.js';
import { formatDuration } from '../lib/format.js';

interface RunResult {
  durationMs: number;
  isError: boolean;
  result: Record<string, unknown>;
}

/** Text parts of a CallToolResult, joined, for a readable answer; the raw JSON is one click away. */
function resultText(r: Record<string, unknown>): string | undefined {
  const content = r.content;
  if (!Array.isArray(content)) {
    return undefined;
  }
  const texts = content.filter(
    (c): c is { type: 'text'; text: string } =>
      typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 'text',
  );
  return texts.length > 0 ? texts.map((t) => t.text).join('\n\n') : undefined;
}

export function ToolRunner({ tool }: { tool: ToolSummary }) {
  const link = useEngine();
  const { fields, simple } = useMemo(() => fieldsOf(tool.inputSchema), [tool.inputSchema]);
  const [mode, setMode] = useState<'form' | 'json'>(simple ? 'form' : 'json');
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [json, setJson] = useState('{\n  \n}');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RunResult | undefined>(undefined);
  const [apiError, setApiError] = useState<unknown>(undefined);
  const [raw, setRaw] = useState(false);

  const run = async (): Promise<void> => {
    let args: Record<string, unknown>;
    if (mode === 'form') {
      const r = argsFrom(fields, values);
      setErrors(r.errors);
      if (Object.keys(r.errors).length > 0) {
        return;
      }
      args = r.args;
    } else {
      try {
        const parsed: unknown = JSON.parse(json.trim() === '' ? '{}' : json);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          setErrors({ _json: 'The arguments must be a JSON object: { "name": value }.' });
          return;
        }
        args = parsed as Record<string, unknown>;
      } catch (err) {
        setErrors({ _json: `Not valid JSON: ${(err as Error).message}` });
        return;
      }
      setErrors({});
    }
    setBusy(true);
    setApiError(undefined);
    setResult(undefined);
    try {
      const r = await link.api.call(routes.callTool, {
        body: { server: tool.server, tool: tool.name, arguments: args },
      });
      setResult({ durationMs: r.durationMs, isError: r.isError, result: r.result });
    } catch (err) {
      setApiError(err);
    } finally {
      setBusy(false);
    }
  };

  const text = result !== undefined ? resultText(result.result) : undefined;

  return (
    <form
      className="stack"
      style={{ gap: 12 }}
      aria-label={`Call ${tool.name}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <div className="row">
        <div className="segmented" role="group" aria-label="Arguments as">
          <button
            type="button"
            aria-pressed={mode === 'form'}
            onClick={() => setMode('form')}
            disabled={fields.length === 0 && mode === 'json'}
          >
            Form
          </button>
          <button
            type="button"
            aria-pressed={mode === 'json'}
            onClick={() => {
              if (mode === 'form') {
                setJson(JSON.stringify(argsFrom(fields, values).args, null, 2));
              }
              setMode('json');
            }}
          >
            JSON
          </button>
        </div>
      </div>
      {mode === 'form' ? (
        fields.length === 0 ? (
          <div className="faint">This tool takes no arguments.</div>
        ) : (
          fields.map((f) => {
            const id = `arg-${tool.id}-${f.name}`;
            const err = errors[f.name];
            return (
              <div className="field" key={f.name}>
                {f.kind === 'boolean' ? (
                  <label className="checkbox" htmlFor={id}>
                    <input
                      id={id}
                      type="checkbox"
                      checked={values[f.name] === true}
                      onChange={(e) => setValues({ ...values, [f.name]: e.target.checked })}
                    />
                    {f.name}
                  </label>
                ) : (
                  <label htmlFor={id}>
                    {f.name}
                    {f.required ? ' *' : ''}{' '}
                    <span className="faint">
                      {f.kind === 'string-list' ? 'one per line' : f.kind === 'json' ? 'JSON' : f.kind}
                    </span>
                  </label>
                )}
                {f.kind === 'enum' ? (
                  <select
                    id={id}
                    className="select"
                    value={String(values[f.name] ?? '')}
                    onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                  >
                    <option value="">—</option>
                    {f.options?.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                ) : f.kind === 'string-list' || f.kind === 'json' ? (
                  <textarea
                    id={id}
                    className="textarea"
                    rows={3}
                    value={String(values[f.name] ?? '')}
                    onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                    aria-invalid={err !== undefined}
                  />
                ) : f.kind !== 'boolean' ? (
                  <input
                    id={id}
                    className="input"
                    inputMode={f.kind === 'string' ? undefined : 'decimal'}
                    value={String(values[f.name] ?? '')}
                    placeholder={
                      f.default !== undefined ? `default: ${JSON.stringify(f.default)}` : undefined
                    }
                    onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                    aria-invalid={err !== undefined}
                  />
                ) : null}
                {err !== undefined ? (
                  <span className="err">{err}</span>
                ) : (
                  f.description !== undefined && <span className="help">{f.description}</span>
                )}
              </div>
            );
          })
        )
      ) : (
        <div className="field">
          <label htmlFor={`json-${tool.id}`}>Arguments (JSON)</label>
          <textarea
            id={`json-${tool.id}`}
            className="textarea"
            rows={8}
            spellCheck={false}
            value={json}
            onChange={(e) => setJson(e.target.value)}
            aria-invalid={errors._json !== undefined}
          />
          {errors._json !== undefined && <span className="err">{errors._json}</span>}
        </div>
      )}
      <div>
        <button type="submit" className="btn primary" disabled={busy}>
          <Play size={13} /> {busy ? 'Calling…' : `Call ${tool.name}`}
        </button>
      </div>
      {apiError !== undefined && <ErrorCallout error={apiError} title="The call did not go through" />}
      {result !== undefined && (
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
      )}
    </form>
  );
}
