import { useState } from 'react';

import * as routes from '../../../src-shared/api/routes.js';
import { useEngine } from '../../api/context.js';
import { ErrorCallout } from '../../components/error-callout.js';
import { Switch } from '../../components/switch.js';
import { useSettings } from '../../stores/settings.js';
import { SemanticSearchSettings } from './semantic-search.js';

/** Tool search: learning from use, word vectors, and semantic ranking. */
export function SearchSettings() {
  const link = useEngine();
  const learn = useSettings((s) => s.settings?.search?.learn);
  const wordVectors = useSettings((s) => s.settings?.search?.wordVectors);
  const [error, setError] = useState<unknown>(undefined);
  const set = async (search: { learn?: boolean; wordVectors?: boolean }): Promise<void> => {
    setError(undefined);
    try {
      const r = await link.api.call(routes.updateSettings, { body: { search } });
      useSettings.setState({ settings: r.settings, restartRequired: r.restartRequired });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="search-h">
      <div className="card-head">
        <h2 id="search-h">Tool search</h2>
      </div>
      <div className="card-pad stack" style={{ gap: 10 }}>
        <div className="row">
          <Switch
            id="sw-learn"
            checked={learn === true}
            disabled={learn === undefined}
            label="Learn from use"
            onChange={(on) => void set({ learn: on })}
          />
          <label htmlFor="sw-learn">Learn from use</label>
        </div>
        <span className="help faint">
          When a search in meta mode is followed by a call of one of its results, the gateway remembers the
          pairing and ranks that tool higher for similar requests. Kept on this computer only
          (search-memory.json in the data folder), never sent anywhere.
        </span>
        <div className="row">
          <Switch
            id="sw-word-vectors"
            checked={wordVectors === true}
            disabled={wordVectors === undefined}
            label="Match by meaning (word vectors)"
            onChange={(on) => void set({ wordVectors: on })}
          />
          <label htmlFor="sw-word-vectors">Match by meaning (word vectors)</label>
        </div>
        <span className="help faint">
          Ranks tools whose words are near a request&apos;s in meaning higher, even without a word in common,
          using word vectors that ship with the gateway. Works offline; nothing is downloaded or sent.
        </span>
        {error !== undefined && <ErrorCallout error={error} title="The setting was not saved" />}
        <SemanticSearchSettings />
      </div>
    </section>
  );
}
