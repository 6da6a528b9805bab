import * as Dialog from '@radix-ui/react-dialog';
import { Pencil, Plus, TextCursorInput, Trash2, UsersRound } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';

import {
  createProfile,
  deleteProfile,
  previewProfile,
  type ProfilePreviewDto,
  type ProfileSummaryDto,
  putProfile,
  renameProfile,
} from '../../src-shared/api/identity.js';
import type { ProfileConfig } from '../../src-shared/config.js';
import { ApiError } from '../api/client.js';
import { useEngine } from '../api/context.js';
import { EmptyState } from '../components/empty-state.js';
import { ErrorCallout } from '../components/error-callout.js';
import { Field } from '../components/field.js';
import { toast, toastError } from '../components/toaster.js';
import { formatTokens } from '../lib/format.js';
import { loadProfiles, useProfiles } from '../stores/profiles.js';
import { useServers } from '../stores/servers.js';
import { useSettings } from '../stores/settings.js';
import { useTools } from '../stores/tools.js';

/**
 * Profiles: named views of the catalog that client tokens belong to. Created, edited, renamed and
 * deleted here; the engine writes them to `gateway.profiles` in the config file, entry by entry.
 * The editor previews what its globs select and what that costs in context tokens (the figures
 * of the Budgets view) before anything is saved.
 */

/** The form's fields as typed; globs and pins are one per line. */
interface Draft {
  name: string;
  description: string;
  allServers: boolean;
  servers: string[];
  allow: string;
  deny: string;
  mode: '' | 'all' | 'meta';
  pinned: string;
  rateLimit: string;
}

type FieldName = 'name' | 'description' | 'servers' | 'allow' | 'deny' | 'mode' | 'pinned' | 'rateLimit';
const FIELDS: readonly FieldName[] = [
  'name',
  'description',
  'servers',
  'allow',
  'deny',
  'mode',
  'pinned',
  'rateLimit',
];

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

function draftOf(name: string, c: ProfileConfig): Draft {
  return {
    name,
    description: c.description ?? '',
    allServers: c.servers === undefined,
    servers: c.servers ?? [],
    allow: (c.allow ?? []).join('\n'),
    deny: (c.deny ?? []).join('\n'),
    mode: c.mode ?? '',
    pinned: (c.pinned ?? []).join('\n'),
    rateLimit: c.rateLimit === undefined ? '' : String(c.rateLimit.requestsPerMinute),
  };
}

/** The profile the draft describes, keeping keys of `base` the form does not know. */
function configOf(d: Draft, base: ProfileConfig): ProfileConfig {
  const {
    description: _d,
    servers: _s,
    allow: _a,
    deny: _n,
    mode: _m,
    pinned: _p,
    rateLimit: _r,
    ...rest
  } = base;
  const out: Record<string, unknown> = { ...rest };
  if (d.description.trim() !== '') {
    out['description'] = d.description.trim();
  }
  if (!d.allServers) {
    out['servers'] = d.servers;
  }
  for (const [key, text] of [
    ['allow', d.allow],
    ['deny', d.deny],
    ['pinned', d.pinned],
  ] as const) {
    if (lines(text).length > 0) {
      out[key] = lines(text);
    }
  }
  if (d.mode !== '') {
    out['mode'] = d.mode;
  }
  if (d.rateLimit.trim() !== '') {
    // Sent as typed (a number when it is one) so the engine's check names the field.
    const n = Number(d.rateLimit);
    out['rateLimit'] = { requestsPerMinute: Number.isFinite(n) ? n : d.rateLimit };
  }
  return out as ProfileConfig;
}

/** The error's text without the field path the form already shows as the field's label. */
function fieldMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return err instanceof ApiError && err.field !== undefined && message.startsWith(`${err.field}: `)
    ? message.slice(err.field.length + 2)
    : message;
}

/** The form field an API error is about (`profile.rateLimit.requestsPerMinute` → `rateLimit`). */
function fieldOf(err: unknown): FieldName | undefined {
  if (!(err instanceof ApiError) || err.field === undefined) {
    return undefined;
  }
  const first = err.field.replace(/^profile\./, '').split(/[.[]/)[0];
  if (first === 'to') {
    return 'name';
  }
  return FIELDS.find((f) => f === first);
}

export function ProfilesCard() {
  const link = useEngine();
  const profiles = useProfiles((s) => s.profiles);
  const error = useProfiles((s) => s.error);
  // Profiles live in the config and price the catalog's tools: refetch when either changes.
  const settings = useSettings((s) => s.settings);
  const tools = useTools((s) => s.tools);
  const [editing, setEditing] = useState<{ profile?: ProfileSummaryDto } | undefined>(undefined);
  const [renaming, setRenaming] = useState<ProfileSummaryDto | undefined>(undefined);
  const [deleting, setDeleting] = useState<ProfileSummaryDto | undefined>(undefined);

  useEffect(() => {
    void loadProfiles(link);
  }, [link, settings, tools]);

  const defined = (profiles ?? []).filter((p) => p.defined);
  const newButton = (
    <button className="btn primary" onClick={() => setEditing({})}>
      <Plus size={14} /> New profile
    </button>
  );

  return (
    <section className="card" aria-labelledby="profiles-h">
      <div className="card-head">
        <UsersRound size={16} aria-hidden />
        <h2 id="profiles-h">Profiles</h2>
        <span className="spacer" />
        {defined.length > 0 && newButton}
      </div>
      {error !== undefined && (
        <div className="card-pad">
          <ErrorCallout error={error} title="Could not list the profiles" />
        </div>
      )}
      {profiles !== undefined && defined.length === 0 && (
        <EmptyState icon={UsersRound} title="No profiles yet" action={newButton}>
          Every client sees every tool (the default profile). Create a profile to give a client a smaller set:
          pick its servers, allow or deny tools by name, or serve the search-and-invoke meta tools; then
          choose it for the client&apos;s token above.
        </EmptyState>
      )}
      {profiles !== undefined && defined.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Profiles">
            <thead>
              <tr>
                <th>Profile</th>
                <th>Mode</th>
                <th className="hide-compact">Servers</th>
                <th>Tools</th>
                <th>Context</th>
                <th className="hide-compact">Clients</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {profiles.map((p) => (
                <tr key={p.name}>
                  <td>
                    <strong>{p.name}</strong>
                    {!p.defined && <span className="faint"> (everything)</span>}
                    {p.config.description !== undefined && (
                      <div className="faint">{p.config.description}</div>
                    )}
                  </td>
                  <td>{p.mode === 'meta' ? 'meta tools' : 'all tools'}</td>
                  <td className="hide-compact">
                    {p.config.servers === undefined
                      ? 'all'
                      : p.servers.length === 0
                        ? '—'
                        : p.servers.join(', ')}
                  </td>
                  <td>{p.tools}</td>
                  <td>{formatTokens(p.tokens)} tokens</td>
                  <td className="hide-compact">{p.clients.length === 0 ? '—' : p.clients.join(', ')}</td>
                  <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    <button
                      className="btn sm"
                      onClick={() => setEditing({ profile: p })}
                      aria-label={`Edit ${p.name}`}
                    >
                      <Pencil size={13} /> Edit
                    </button>{' '}
                    {p.name !== 'default' && (
                      <button
                        className="btn sm"
                        onClick={() => setRenaming(p)}
                        aria-label={`Rename ${p.name}`}
                      >
                        <TextCursorInput size={13} /> Rename
                      </button>
                    )}{' '}
                    {p.defined && (
                      <button
                        className="btn sm danger"
                        onClick={() => setDeleting(p)}
                        aria-label={`Delete ${p.name}`}
                      >
                        <Trash2 size={13} /> {p.name === 'default' ? 'Reset' : 'Delete'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing !== undefined && (
        <ProfileEditor
          profile={editing.profile}
          taken={(profiles ?? []).map((p) => p.name)}
          onClose={() => setEditing(undefined)}
        />
      )}
      {renaming !== undefined && <RenameDialog profile={renaming} onClose={() => setRenaming(undefined)} />}
      {deleting !== undefined && (
        <DeleteDialog profile={deleting} profiles={profiles ?? []} onClose={() => setDeleting(undefined)} />
      )}
    </section>
  );
}

/** Create (no `profile`) or edit a profile, with a live preview of what it selects. */
function ProfileEditor(props: { profile?: ProfileSummaryDto; taken: string[]; onClose: () => void }) {
  const link = useEngine();
  const creating = props.profile === undefined;
  const base = useMemo(() => props.profile?.config ?? {}, [props.profile]);
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.profile?.name ?? '', base));
  const servers = useServers((s) => s.byName);
  const serverNames = useMemo(
    () => [...new Set([...Object.keys(servers), ...draft.servers])].sort((a, b) => a.localeCompare(b)),
    [servers, draft.servers],
  );
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [preview, setPreview] = useState<ProfilePreviewDto | undefined>(undefined);
  const [previewError, setPreviewError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const config = useMemo(() => configOf(draft, base), [draft, base]);
  const configKey = JSON.stringify(config);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    const field = key === 'allServers' ? 'servers' : (key as FieldName);
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  // The preview follows the form, a moment after the last keystroke; late answers are dropped.
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      link.api
        .call(previewProfile, { body: { profile: JSON.parse(configKey) as ProfileConfig } })
        .then((p) => {
          if (!stale) {
            setPreview(p);
            setPreviewError(undefined);
          }
        })
        .catch((err: unknown) => {
          if (stale) {
            return;
          }
          // A value the engine refuses is shown at its field; the preview waits for a valid one.
          const field = fieldOf(err);
          if (field !== undefined) {
            setErrors((e) => ({ ...e, [field]: fieldMessage(err) }));
            setPreviewError(undefined);
          } else {
            setPreviewError(err);
          }
        });
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [link, configKey]);

  const save = async (): Promise<void> => {
    const name = draft.name.trim();
    if (creating && name === '') {
      setErrors({ name: 'Give the profile a name, e.g. coding.' });
      return;
    }
    if (creating && props.taken.includes(name)) {
      setErrors({ name: `There is a profile "${name}" already: pick another name, or edit that one.` });
      return;
    }
    setBusy(true);
    try {
      const out = creating
        ? await link.api.call(createProfile, { body: { name, profile: config } })
        : await link.api.call(putProfile, { params: { name }, body: config });
      toast({
        kind: 'success',
        title: creating ? `Profile ${out.name} created` : `Profile ${out.name} saved`,
        description: `${out.tools} tools, ${formatTokens(out.tokens)} tokens. Written to the config file.`,
      });
      await loadProfiles(link);
      props.onClose();
    } catch (err) {
      const field = fieldOf(err);
      if (field !== undefined) {
        setErrors({ [field]: fieldMessage(err) });
      } else {
        toastError(creating ? 'The profile was not created' : 'The profile was not saved', err);
      }
    } finally {
      setBusy(false);
    }
  };

  const invalid = (f: FieldName) =>
    errors[f] !== undefined ? { 'aria-invalid': true, 'aria-describedby': `pf-${f}-err` } : {};

  return (
    <Dialog.Root open onOpenChange={(o) => !o && props.onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content
          className="dialog"
          style={{ width: 'min(880px, calc(100vw - 24px))' }}
          aria-describedby="pf-desc"
        >
          <Dialog.Title>
            {creating ? 'New profile' : `Edit profile ${props.profile?.name ?? ''}`}
          </Dialog.Title>
          <p className="muted" id="pf-desc" style={{ margin: 0 }}>
            What the clients of this profile list, search and call. It narrows what the tool switches and
            budgets let through, never widens it.
          </p>
          <form
            noValidate
            id="profile-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: 16 }}
          >
            <div style={{ display: 'grid', gap: 12, alignContent: 'start' }}>
              {creating && (
                <Field
                  id="pf-name"
                  label="Name"
                  error={errors.name}
                  help="Letters, digits, - _ and ., e.g. coding."
                >
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
                    {serverNames.length === 0 && <span className="help">No servers yet: add one first.</span>}
                    {serverNames.map((s) => (
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
              <Field
                id="pf-allow"
                label="Allow tools"
                error={errors.allow}
                help={
                  <>
                    One glob a line over <code>server__tool</code> names, e.g. <code>github__get_*</code>.
                    Empty: every tool of the servers.
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
              <Field
                id="pf-pinned"
                label="Pinned tools"
                error={errors.pinned}
                help="In meta mode, listed next to the meta tools; one exposed name a line."
              >
                <textarea
                  id="pf-pinned"
                  className="textarea"
                  rows={2}
                  value={draft.pinned}
                  onChange={(e) => set('pinned', e.target.value)}
                  spellCheck={false}
                  {...invalid('pinned')}
                />
              </Field>
            </div>
            <ProfilePreview preview={preview} error={previewError} />
          </form>
          <div className="actions">
            <Dialog.Close asChild>
              <button className="btn">Cancel</button>
            </Dialog.Close>
            <button className="btn primary" type="submit" form="profile-form" disabled={busy}>
              {creating ? 'Create profile' : 'Save profile'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

const PREVIEW_ROWS = 40;

function ProfilePreview({ preview, error }: { preview: ProfilePreviewDto | undefined; error: unknown }) {
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

function RenameDialog({ profile, onClose }: { profile: ProfileSummaryDto; onClose: () => void }) {
  const link = useEngine();
  const [to, setTo] = useState(profile.name);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setBusy(true);
    try {
      const out = await link.api.call(renameProfile, {
        params: { name: profile.name },
        body: { to: to.trim() },
      });
      toast({
        kind: 'success',
        title: `${profile.name} is now ${out.name}`,
        description:
          out.clients.length > 0
            ? `${out.clients.join(', ')} moved along; their sessions reconnect.`
            : undefined,
      });
      await loadProfiles(link);
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>Rename profile {profile.name}</Dialog.Title>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
            style={{ display: 'grid', gap: 14 }}
          >
            <Field
              id="pf-rename"
              label="New name"
              error={error}
              help={
                profile.clients.length > 0
                  ? `Its tokens (${profile.clients.join(', ')}) move along.`
                  : undefined
              }
            >
              <input
                id="pf-rename"
                className="input"
                value={to}
                onChange={(e) => {
                  setTo(e.target.value);
                  setError(undefined);
                }}
                aria-invalid={error !== undefined}
                autoComplete="off"
                maxLength={48}
                autoFocus
              />
            </Field>
            <div className="actions">
              <Dialog.Close asChild>
                <button className="btn" type="button">
                  Cancel
                </button>
              </Dialog.Close>
              <button
                className="btn primary"
                type="submit"
                disabled={busy || to.trim() === '' || to.trim() === profile.name}
              >
                Rename
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Deleting a profile that tokens use means choosing where they go; nothing is moved silently. */
function DeleteDialog(props: {
  profile: ProfileSummaryDto;
  profiles: ProfileSummaryDto[];
  onClose: () => void;
}) {
  const link = useEngine();
  const { profile } = props;
  const inUse = profile.name !== 'default' && profile.clients.length > 0;
  const targets = props.profiles.filter((p) => p.name !== profile.name).map((p) => p.name);
  const [moveTo, setMoveTo] = useState(targets.includes('default') ? 'default' : (targets[0] ?? ''));
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setBusy(true);
    try {
      const out = await link.api.call(deleteProfile, {
        params: { name: profile.name },
        ...(inUse ? { query: { moveTo } } : {}),
      });
      toast({ kind: 'success', title: out.message ?? `removed ${profile.name}` });
      await loadProfiles(link);
      props.onClose();
    } catch (err) {
      toastError(`${profile.name} was not deleted`, err);
    } finally {
      setBusy(false);
    }
  };
  const reset = profile.name === 'default';
  return (
    <Dialog.Root open onOpenChange={(o) => !o && props.onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>
            {reset ? 'Reset the default profile?' : `Delete profile ${profile.name}?`}
          </Dialog.Title>
          {reset ? (
            <p style={{ margin: 0 }}>Its entry leaves the config file: its clients see every tool again.</p>
          ) : inUse ? (
            <>
              <p style={{ margin: 0 }}>
                {profile.clients.join(', ')} {profile.clients.length === 1 ? 'uses' : 'use'} it. Their tokens
                move to another profile first; their open sessions end and the clients reconnect.
              </p>
              <Field id="pf-move-to" label="Move its tokens to">
                <select
                  id="pf-move-to"
                  className="select"
                  value={moveTo}
                  onChange={(e) => setMoveTo(e.target.value)}
                >
                  {targets.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </Field>
            </>
          ) : (
            <p style={{ margin: 0 }}>No token uses it. Its entry leaves the config file.</p>
          )}
          <div className="actions">
            <Dialog.Close asChild>
              <button className="btn">Cancel</button>
            </Dialog.Close>
            <button
              className="btn danger solid"
              disabled={busy || (inUse && moveTo === '')}
              onClick={() => void submit()}
            >
              {reset ? 'Reset' : inUse ? 'Move tokens and delete' : 'Delete'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
