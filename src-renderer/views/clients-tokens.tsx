import { KeyRound, Plus, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';

import {
  createToken,
  listTokens,
  revokeToken,
  type TokenInfoDto,
  updateToken,
} from '../../src-shared/api/identity.js';
import { useEngine } from '../api/context.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { CopyButton } from '../components/copy-button.js';
import { ErrorCallout } from '../components/error-callout.js';
import { toast, toastError } from '../components/toaster.js';
import { formatAgo } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';
import { loadProfiles, useProfiles } from '../stores/profiles.js';

/**
 * Client tokens and the profiles they belong to. Each MCP client sends its own token; a token is
 * shown once, when it is created (the gateway keeps only its hash), and can be renamed, moved to
 * another profile or revoked here. Clients → Connect creates and writes one by itself.
 */
export function TokensCard() {
  const link = useEngine();
  const now = useNow(30_000);
  const [tokens, setTokens] = useState<TokenInfoDto[] | undefined>(undefined);
  const [clientAuth, setClientAuth] = useState<'required' | 'off'>('required');
  const loadedProfiles = useProfiles((s) => s.profiles);
  const profiles = loadedProfiles ?? [];
  const [error, setError] = useState<unknown>(undefined);
  const [name, setName] = useState('');
  const [profile, setProfile] = useState('default');
  const [created, setCreated] = useState<{ token: string; name: string } | undefined>(undefined);
  const [revoking, setRevoking] = useState<TokenInfoDto | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const loadTokens = useCallback(async () => {
    try {
      const t = await link.api.call(listTokens);
      setTokens(t.tokens);
      setClientAuth(t.clientAuth);
      setError(undefined);
    } catch (err) {
      setError(err);
    }
  }, [link]);
  /** After a token changes: the tokens, and the profiles (they list their clients). */
  const load = useCallback(async () => {
    await Promise.all([loadTokens(), loadProfiles(link)]);
  }, [link, loadTokens]);

  // A profile renamed or deleted in the card below moves tokens: read them again.
  useEffect(() => {
    void loadTokens();
  }, [loadTokens, loadedProfiles]);

  const create = async (): Promise<void> => {
    setBusy(true);
    try {
      const out = await link.api.call(createToken, { body: { name: name.trim(), profile } });
      setCreated({ token: out.token, name: out.info.name });
      setName('');
      await load();
    } catch (err) {
      toastError('The token was not created', err);
    } finally {
      setBusy(false);
    }
  };

  const move = async (t: TokenInfoDto, to: string): Promise<void> => {
    try {
      await link.api.call(updateToken, { params: { id: t.id }, body: { profile: to } });
      toast({
        kind: 'success',
        title: `${t.name} now uses profile ${to}`,
        description: 'Its open sessions ended; the client reconnects by itself.',
      });
      await load();
    } catch (err) {
      toastError(`${t.name} was not moved`, err);
    }
  };

  const revoke = async (t: TokenInfoDto): Promise<void> => {
    try {
      await link.api.call(revokeToken, { params: { id: t.id } });
      toast({
        kind: 'success',
        title: `${t.name}: token revoked`,
        description: 'Its sessions ended; requests with it now get 401.',
      });
      setRevoking(undefined);
      await load();
    } catch (err) {
      toastError(`${t.name}: the token was not revoked`, err);
    }
  };

  return (
    <section className="card" aria-labelledby="tokens-h">
      <div className="card-head">
        <KeyRound size={16} aria-hidden />
        <h2 id="tokens-h">Client tokens</h2>
        <span className="spacer" />
        <span className={`tag ${clientAuth === 'off' ? 'warn' : ''}`}>
          {clientAuth === 'off' ? 'not required' : 'required'}
        </span>
      </div>
      <div className="card-pad" style={{ display: 'grid', gap: 10 }}>
        {clientAuth === 'off' ? (
          <p className="muted" style={{ margin: 0 }}>
            <strong>Client tokens are off</strong> (<code>"gateway.clientAuth": "off"</code>): any program on
            this machine, including the MCP servers the gateway runs, can list and call every tool. Remove
            that line from the config to require a token again.
          </p>
        ) : (
          <p className="muted" style={{ margin: 0 }}>
            Every MCP client sends its own token as <code>Authorization: Bearer …</code>. Connect writes one
            into a client it knows; create one here for any other client. A token is shown once.
          </p>
        )}
        <form
          className="row"
          style={{ gap: 8, flexWrap: 'wrap' }}
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <label className="field" style={{ flex: '1 1 200px' }}>
            <span>Client name</span>
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. ci-agent"
              maxLength={64}
            />
          </label>
          <label className="field">
            <span>Profile</span>
            <select value={profile} onChange={(e) => setProfile(e.target.value)}>
              {(profiles.length > 0 ? profiles.map((p) => p.name) : ['default']).map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <button
            className="btn primary"
            type="submit"
            disabled={busy || name.trim() === ''}
            style={{ alignSelf: 'end' }}
          >
            <Plus size={14} /> Create token
          </button>
        </form>
        {created !== undefined && (
          <div className="callout" role="status" aria-label="New token">
            <div style={{ minWidth: 0 }}>
              <strong>Token for {created.name}</strong> — copy it now: it is not shown again.
              <div className="row" style={{ gap: 8, marginTop: 6 }}>
                <code className="mono" style={{ wordBreak: 'break-all' }} data-testid="new-token">
                  {created.token}
                </code>
                <CopyButton text={created.token} label="Copy token" />
              </div>
              <div className="faint" style={{ marginTop: 6 }}>
                Send it as the header <code>Authorization: Bearer {created.token.slice(0, 10)}…</code>
              </div>
            </div>
          </div>
        )}
      </div>
      {error !== undefined && (
        <div className="card-pad">
          <ErrorCallout error={error} title="Could not list the client tokens" />
        </div>
      )}
      {tokens !== undefined && tokens.length === 0 && (
        <div className="card-pad faint">
          No client tokens yet: connect a client above, or create a token for it here.
        </div>
      )}
      {tokens !== undefined && tokens.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Client tokens">
            <thead>
              <tr>
                <th>Client</th>
                <th>Profile</th>
                <th className="hide-compact">Created</th>
                <th className="hide-compact">Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <select
                      aria-label={`Profile of ${t.name}`}
                      value={t.profile}
                      onChange={(e) => void move(t, e.target.value)}
                    >
                      {[...new Set([t.profile, ...profiles.map((p) => p.name)])].map((p) => (
                        <option key={p}>{p}</option>
                      ))}
                    </select>
                  </td>
                  <td className="hide-compact faint">{formatAgo(t.createdAt, now)}</td>
                  <td className="hide-compact faint">
                    {t.lastUsedAt === undefined ? 'never' : formatAgo(t.lastUsedAt, now)}
                  </td>
                  <td style={{ textAlign: 'right' }}>
                    <button
                      className="btn sm danger"
                      onClick={() => setRevoking(t)}
                      aria-label={`Revoke ${t.name}`}
                    >
                      <Trash2 size={13} /> Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke the token of ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke"
        danger
        onConfirm={() => {
          if (revoking !== undefined) {
            void revoke(revoking);
          }
        }}
        onOpenChange={(o) => !o && setRevoking(undefined)}
      >
        The client&apos;s open sessions end at once and its requests get 401 until it has a new token (Connect
        writes one).
      </ConfirmDialog>
    </section>
  );
}
