import { ErrorCallout } from '../../components/error-callout.js';
import { TextField } from '../../components/field.js';
import { Switch } from '../../components/switch.js';
import { embeddingsStatusText, endpointSettings, testResultText } from './embeddings-form.js';
import { type SemanticSearchState, useSemanticSearch } from './use-semantic-search.js';

/** The endpoint's URL, model and the name of the keychain secret that holds its key. */
function EndpointFields({ s }: { s: SemanticSearchState }) {
  return (
    <div
      className="grid"
      style={{ gridTemplateColumns: 'minmax(200px, 2fr) minmax(120px, 1fr) minmax(120px, 1fr)' }}
    >
      <TextField
        id="emb-url"
        label="Endpoint URL"
        mono
        placeholder="http://127.0.0.1:11434/v1"
        value={s.values.url}
        onChange={s.set.url}
      />
      <TextField
        id="emb-model"
        label="Model"
        mono
        placeholder="nomic-embed-text"
        value={s.values.model}
        onChange={s.set.model}
      />
      <TextField
        id="emb-secret"
        label="API key secret (optional)"
        mono
        placeholder="EMBEDDINGS_KEY"
        value={s.values.secret}
        onChange={s.set.secret}
      />
    </div>
  );
}

/** Test connection, Use this endpoint, and what the test, the status and a failed change say. */
function EndpointActions({ s }: { s: SemanticSearchState }) {
  const statusText = embeddingsStatusText(s.status);
  return (
    <>
      <div className="row wrap">
        <button className="btn" type="button" disabled={s.busy || !s.complete} onClick={() => void s.test()}>
          Test connection
        </button>
        <button
          className="btn primary"
          type="button"
          disabled={s.busy || !s.dirty || !s.complete}
          onClick={() => void s.apply(endpointSettings(s.values.url, s.values.model, s.values.secret))}
        >
          Use this endpoint
        </button>
      </div>
      {s.tested !== undefined && (
        <div className={`callout ${s.tested.ok ? 'ok' : 'warn'}`} role="status" aria-label="Connection test">
          <div>
            <div className="title">{testResultText(s.tested)}</div>
          </div>
        </div>
      )}
      {statusText !== undefined && (
        <span className="faint" role="status" aria-label="Semantic search status">
          {statusText}
        </span>
      )}
      {s.error !== undefined && <ErrorCallout error={s.error} title="Semantic search was not changed" />}
    </>
  );
}

/**
 * Optional semantic ranking through the user's own embeddings endpoint: URL, model, the
 * keychain secret of its key, a test button (dimensions, latency) and what it is doing now.
 */
export function SemanticSearchSettings() {
  const s = useSemanticSearch();
  return (
    <div className="stack" style={{ gap: 10, marginTop: 8 }} aria-label="Semantic search">
      <div className="row">
        <Switch
          id="sw-embeddings"
          checked={s.on}
          disabled={s.saved === undefined || s.busy}
          label="Semantic search"
          onChange={(next) => void s.apply({ enabled: next })}
        />
        <label htmlFor="sw-embeddings">Semantic search through an embeddings endpoint</label>
      </div>
      <span className="help faint">
        Optional. Ranks tools by meaning as well as by words, using an OpenAI-compatible /v1/embeddings
        endpoint you already run (for example Ollama at http://127.0.0.1:11434/v1 with nomic-embed-text). Tool
        names, descriptions and search requests are sent to that URL and nowhere else; nothing is downloaded.
      </span>
      <EndpointFields s={s} />
      <span className="help faint">
        The key itself stays in the keychain: store it with `mcp-gateway secrets set NAME` and enter the NAME
        here.
      </span>
      <EndpointActions s={s} />
    </div>
  );
}
