import { useEffect, useState } from 'react';

import * as routes from '../../../src-shared/api/routes.js';
import { useEngine } from '../../api/context.js';
import { setServerDetail, useServers } from '../../stores/servers.js';

/**
 * The server's row and detail. The config is only in the detail answer: it is fetched again when
 * the server's config changes (its `since`), and the error of a failed fetch is kept.
 */
export function useServerDetail(name: string) {
  const link = useEngine();
  const row = useServers((s) => s.byName[name]);
  const loaded = useServers((s) => s.loaded);
  const detail = useServers((s) => s.details[name]);
  const [error, setError] = useState<unknown>(undefined);
  const since = row?.since;
  useEffect(() => {
    let live = true;
    link.api
      .call(routes.getServer, { params: { name } })
      .then((d) => live && setServerDetail(d, Date.now()))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [link, name, since]);
  return { row, loaded, detail, error };
}
