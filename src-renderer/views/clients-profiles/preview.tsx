import type { ProfilePreviewDto } from '../../../src-shared/api/identity.js';
import { ErrorCallout } from '../../components/error-callout.js';
import { formatTokens } from '../../lib/format.js';

const PREVIEW_ROWS = 40;

/** What the profile selects: its tools and their cost against the whole catalog. */
export function ProfilePreview({
  preview,
  error,
}: {
  preview: ProfilePreviewDto | undefined;
  error: unknown;
}) {
  const share = preview === undefined || preview.all.tokens === 0 ? 0 : preview.tokens / preview.all.tokens;
  return (
    <section
      aria-label="Preview"
      data-testid="profile-preview"
      style={{ display: 'grid', gap: 8, alignContent: 'start', minWidth: 0 }}
    >
      <span className="field-label">What its clients get</span>
      {error !== undefined && <ErrorCallout error={error} title="No preview" />}
      {preview === undefined && error === undefined && <div className="skeleton" style={{ width: '60%' }} />}
      {preview !== undefined && (
        <>
          <div aria-live="polite" data-testid="profile-cost">
            <strong>
              {preview.tools} of {preview.all.tools} tools
            </strong>{' '}
            · {formatTokens(preview.tokens)} of {formatTokens(preview.all.tokens)} tokens
            {preview.mode === 'meta' && <span className="faint"> · served through the meta tools</span>}
          </div>
          <div
            className="meter"
            role="meter"
            aria-label="Context tokens of the profile"
            aria-valuemin={0}
            aria-valuemax={preview.all.tokens}
            aria-valuenow={preview.tokens}
          >
            <span style={{ width: `${share * 100}%` }} />
          </div>
          <span className="help">
            Counted as on the <a href="#/budgets">Budgets</a> page: the tool definitions a client loads.
          </span>
          {[
            ...preview.unmatched.allow.map((g) => `Allow ${g} matches no tool.`),
            ...preview.unmatched.deny.map((g) => `Deny ${g} matches no tool.`),
            ...preview.pinnedOutside.map((t) => `Pinned ${t} is not among its tools, so it is not listed.`),
          ].map((note) => (
            <div className="callout warn" key={note} role="note">
              {note}
            </div>
          ))}
          <ul
            aria-label="Selected tools"
            style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 320, overflow: 'auto' }}
          >
            {preview.selected.slice(0, PREVIEW_ROWS).map((t) => (
              <li
                key={t.id}
                className="row"
                style={{ justifyContent: 'space-between', gap: 8, padding: '2px 0' }}
              >
                <span className="mono" style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {t.id}
                </span>
                <span className="faint">{formatTokens(t.tokens)}</span>
              </li>
            ))}
            {preview.selected.length > PREVIEW_ROWS && (
              <li className="faint">and {preview.selected.length - PREVIEW_ROWS} more</li>
            )}
            {preview.selected.length === 0 && (
              <li className="faint">No tool: its clients would see nothing.</li>
            )}
          </ul>
        </>
      )}
    </section>
  );
}
