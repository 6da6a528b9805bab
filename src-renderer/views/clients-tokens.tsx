import { KeyRound } from 'lucide-react';

import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorCallout } from '../components/error-callout.js';
import { AuthNote, CreateForm } from './clients-tokens/create-form.js';
import { TokenTable } from './clients-tokens/token-table.js';
import { useTokens } from './clients-tokens/use-tokens.js';

/**
 * Client tokens and the profiles they belong to. Each MCP client sends its own token; a token is
 * shown once, when it is created (the gateway keeps only its hash), and can be renamed, moved to
 * another profile or revoked here. Clients → Connect creates and writes one by itself.
 */
export function TokensCard() {
  const t = useTokens();
  const { tokens, clientAuth, revoking } = t;
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
        <AuthNote clientAuth={clientAuth} />
        <CreateForm t={t} />
      </div>
      {t.error !== undefined && (
        <div className="card-pad">
          <ErrorCallout error={t.error} title="Could not list the client tokens" />
        </div>
      )}
      {tokens !== undefined && tokens.length === 0 && (
        <div className="card-pad faint">
          No client tokens yet: connect a client above, or create a token for it here.
        </div>
      )}
      {tokens !== undefined && tokens.length > 0 && <TokenTable t={t} tokens={tokens} />}
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke the token of ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke"
        danger
        onConfirm={() => {
          if (revoking !== undefined) {
            void t.revoke(revoking);
          }
        }}
        onOpenChange={(o) => !o && t.setRevoking(undefined)}
      >
        The client&apos;s open sessions end at once and its requests get 401 until it has a new token (Connect
        writes one).
      </ConfirmDialog>
    </section>
  );
}
