import { type GatewaySettings, isLoopbackHost } from '../../../src-shared/config.js';
import { GatewayError } from '../../../src-shared/errors.js';

/** Refuse to listen beyond this machine unless the user asked for it (`gateway.allowRemote`). */
export function assertBindAllowed(settings: Pick<GatewaySettings, 'host' | 'allowRemote'>): void {
  if (isLoopbackHost(settings.host) || settings.allowRemote === true) {
    return;
  }
  throw new GatewayError(
    'CONFIG_INVALID',
    `gateway.host is "${settings.host}", which is reachable from other machines: set "gateway.allowRemote": true to allow that (the admin token is still required), or use "127.0.0.1"`,
    { field: 'gateway.host' },
  );
}
