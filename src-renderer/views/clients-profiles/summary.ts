import type { ProfileSummaryDto } from '../../../src-shared/api/identity.js';

/** The servers column: all (also ones added later), none, or the list. */
export function serversText(p: ProfileSummaryDto): string {
  if (p.config.servers === undefined) {
    return 'all';
  }
  return p.servers.length === 0 ? '—' : p.servers.join(', ');
}

/** The clients column: the names of the tokens with this profile. */
export function clientsText(p: ProfileSummaryDto): string {
  return p.clients.length === 0 ? '—' : p.clients.join(', ');
}

/** What the rename toast says about the tokens that moved along. */
export function movedAlong(clients: string[]): string | undefined {
  return clients.length > 0 ? `${clients.join(', ')} moved along; their sessions reconnect.` : undefined;
}
