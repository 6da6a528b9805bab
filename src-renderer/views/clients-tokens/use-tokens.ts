import { useCallback, useEffect, useState } from 'react';

import {
  createToken,
  listTokens,
  revokeToken,
  type TokenInfoDto,
  updateToken,
} from '../../../src-shared/api/identity.js';
import { useEngine } from '../../api/context.js';
import { toast, toastError } from '../../components/toaster.js';
import { loadProfiles, useProfiles } from '../../stores/profiles.js';

/** The client tokens, the new-token form, and creating, moving and revoking tokens. */
export function useTokens() {
  const link = useEngine();
  const [tokens, setTokens] = useState<TokenInfoDto[] | undefined>(undefined);
  const [clientAuth, setClientAuth] = useState<'required' | 'off'>('required');
  const loadedProfiles = useProfiles((s) => s.profiles);
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

  const profiles = (loadedProfiles ?? []).map((p) => p.name);
  const form = { name, setName, profile, setProfile, busy, create, created };
  return { tokens, clientAuth, profiles, error, form, move, revoking, setRevoking, revoke };
}

export type Tokens = ReturnType<typeof useTokens>;
