import { useMemo, useState } from 'react';

import * as routes from '../../../src-shared/api/routes.js';
import type { ToolSummary } from '../../../src-shared/api/schemas.js';
import { argsFrom, fieldsOf } from '../../../src-shared/tool-form.js';
import { useEngine } from '../../api/context.js';
import { parseJsonArgs } from './args.js';

export interface RunResult {
  durationMs: number;
  isError: boolean;
  result: Record<string, unknown>;
}

/** The tool's arguments (as a form or as JSON), their errors, and calling the tool with them. */
export function useToolRunner(tool: ToolSummary) {
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

  /** The arguments to send, or undefined after showing what is wrong with them. */
  const collect = (): Record<string, unknown> | undefined => {
    if (mode === 'form') {
      const r = argsFrom(fields, values);
      setErrors(r.errors);
      return Object.keys(r.errors).length > 0 ? undefined : r.args;
    }
    const r = parseJsonArgs(json);
    setErrors('error' in r ? { _json: r.error } : {});
    return 'error' in r ? undefined : r.args;
  };

  const run = async (): Promise<void> => {
    const args = collect();
    if (args === undefined) {
      return;
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

  /** To JSON, carrying over what the form holds. */
  const toJson = (): void => {
    if (mode === 'form') {
      setJson(JSON.stringify(argsFrom(fields, values).args, null, 2));
    }
    setMode('json');
  };

  return {
    fields,
    mode,
    setMode,
    toJson,
    values,
    setValues,
    json,
    setJson,
    errors,
    busy,
    run,
    result,
    apiError,
    raw,
    setRaw,
  };
}

export type ToolRunnerModel = ReturnType<typeof useToolRunner>;
