import type { ApiClient } from '../../../src-shared/api/client.js';
import { createToken, listTokens, revokeToken } from '../../../src-shared/api/identity.js';
import { issueOffline, knownOffline, type TokenIssuer } from '../../engine/identity/index.js';
import type { LocalGateway } from './setup.js';

/**
 * Where `connect` gets the client's token: the running gateway (through its API), or, when none
 * runs, the token store in the data folder that the gateway reads when it starts.
 */
export async function tokenIssuer(
  api: ApiClient | undefined,
  gatewayMcpUrl: string,
  local: Pick<LocalGateway, 'clientAuth'>,
  dataDir: string,
): Promise<TokenIssuer> {
  if (api === undefined) {
    return {
      enabled: () => local.clientAuth === 'required',
      knows: (token) => knownOffline(dataDir, token),
      issue: (name) => issueOffline(dataDir, name, Date.now()),
    };
  }
  const { clientAuth } = await api.call(listTokens);
  return {
    enabled: () => clientAuth === 'required',
    knows: (token) => gatewayKnows(gatewayMcpUrl, token),
    async issue(name) {
      const old = (await api.call(listTokens)).tokens.find((t) => t.name === name);
      if (old !== undefined) {
        await api.call(revokeToken, { params: { id: old.id } });
      }
      return (
        await api.call(createToken, {
          body: { name, ...(old !== undefined ? { profile: old.profile } : {}) },
        })
      ).token;
    },
  };
}

/** Without a session, a known token gets 400 ("send initialize first"), an unknown one 401. */
export async function gatewayKnows(gatewayMcpUrl: string, token: string): Promise<boolean> {
  const res = await fetch(`${gatewayMcpUrl}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
    signal: AbortSignal.timeout(5_000),
  }).catch(() => undefined);
  await res?.text().catch(() => undefined);
  return res !== undefined && res.status !== 401;
}
