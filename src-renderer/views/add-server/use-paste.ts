import { useState } from 'react';

import * as routes from '../../../src-shared/api/routes.js';
import { type ParsedServer, parseSnippet } from '../../../src-shared/server-snippets.js';
import { describeError } from '../../api/client.js';
import { useEngine } from '../../api/context.js';
import type { EngineLink } from '../../api/engine.js';
import { toast } from '../../components/toaster.js';
import { buildConfig, type Draft, draftFrom, firstProblem } from './draft.js';
import { useExistingNames } from './use-existing-names.js';

/** Adds the servers one after another: per name "added", or why not (its check or the gateway's answer). */
async function addEach(
  link: EngineLink,
  parsed: readonly ParsedServer[],
  existing: readonly string[],
): Promise<{ results: Record<string, string>; added: number }> {
  const results: Record<string, string> = {};
  let added = 0;
  for (const s of parsed) {
    const { config, errors } = buildConfig(draftFrom(s), existing);
    if (config === undefined) {
      results[s.name] = firstProblem(errors);
      continue;
    }
    try {
      await link.api.call(routes.addServer, { body: { name: s.name, config } });
      results[s.name] = 'added';
      added++;
    } catch (err) {
      results[s.name] = describeError(err).message;
    }
  }
  return { results, added };
}

/** The pasted text, what was read from it, and adding all it found. One server goes to the form. */
export function usePaste(onSingle: (d: Draft) => void, onDone: (name?: string) => void) {
  const link = useEngine();
  const existing = useExistingNames();
  const [text, setText] = useState('');
  const [parsed, setParsed] = useState<ParsedServer[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<Record<string, string>>({});

  const parse = (): void => {
    const r = parseSnippet(text);
    setResults({});
    if (!r.ok) {
      setError(r.error);
      setParsed(undefined);
      return;
    }
    setError(undefined);
    const servers = r.servers;
    if (servers.length === 1 && servers[0] !== undefined) {
      onSingle(draftFrom(servers[0]));
      return;
    }
    setParsed(servers);
  };

  const addAll = async (): Promise<void> => {
    if (parsed === undefined) {
      return;
    }
    setBusy(true);
    const { results: out, added } = await addEach(link, parsed, existing);
    setResults(out);
    setBusy(false);
    if (added > 0) {
      toast({ kind: 'success', title: `Added ${added} server${added === 1 ? '' : 's'}` });
    }
    if (added === parsed.length) {
      onDone();
    }
  };
  return { text, setText, parsed, error, busy, results, parse, addAll };
}

export type PasteState = ReturnType<typeof usePaste>;
