import { useEffect, useMemo, useState } from 'react';

import { recentCalls } from '../../../src-shared/api/routes.js';
import { useEngine } from '../../api/context.js';
import { mergeCalls, useCalls } from '../../stores/calls.js';
import { loadProfiles, useProfiles } from '../../stores/profiles.js';
import {
  activityHash,
  clientOptions,
  filterCalls,
  filterFromQuery,
  isBad,
  profileOptions,
  type ResultFilter,
} from './filters.js';

/** The calls, the filters (client and profile also in the address) and what they select. */
export function useActivity() {
  const link = useEngine();
  const calls = useCalls((s) => s.calls);
  const loaded = useCalls((s) => s.loaded);
  const profiles = useProfiles((s) => s.profiles);
  const [q, setQ] = useState('');
  const [server, setServer] = useState('');
  const [client, setClient] = useState(() => filterFromQuery(window.location.hash, 'client'));
  const [profile, setProfile] = useState(() => filterFromQuery(window.location.hash, 'profile'));
  const [result, setResult] = useState<ResultFilter>('all');
  const servers = useMemo(() => [...new Set(calls.map((c) => c.server))].sort(), [calls]);
  const clients = useMemo(
    () =>
      clientOptions(
        calls,
        (profiles ?? []).flatMap((p) => p.clients),
        client,
      ),
    [calls, profiles, client],
  );
  const profileNames = useMemo(
    () =>
      profileOptions(
        (profiles ?? []).map((p) => p.name),
        profile,
      ),
    [profiles, profile],
  );

  useEffect(() => {
    void loadProfiles(link);
  }, [link]);

  // A client or profile filter also asks the gateway, which keeps calls the page may not have seen.
  useEffect(() => {
    // replaceState: no hashchange, no history entry per choice.
    window.history.replaceState(null, '', activityHash(client, profile));
    if (client === '' && profile === '') {
      return;
    }
    link.api
      .call(recentCalls, {
        query: { limit: 500, ...(client !== '' ? { client } : {}), ...(profile !== '' ? { profile } : {}) },
      })
      .then((r) => mergeCalls(r.calls))
      .catch(() => undefined);
  }, [link, client, profile]);

  const rows = useMemo(
    () => filterCalls(calls, { q, server, client, profile, result }),
    [calls, q, server, client, profile, result],
  );
  return {
    calls,
    loaded,
    rows,
    errors: calls.filter(isBad).length,
    filter: { q, setQ, server, setServer, client, setClient, profile, setProfile, result, setResult },
    options: { servers, clients, profileNames },
  };
}

export type Activity = ReturnType<typeof useActivity>;
