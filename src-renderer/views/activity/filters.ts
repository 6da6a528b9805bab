import type { CallRecord } from '../../../src-shared/events.js';

export type ResultFilter = 'all' | 'ok' | 'error';

export interface CallFilter {
  q: string;
  server: string;
  client: string;
  profile: string;
  result: ResultFilter;
}

/** A call that failed, or whose tool answered with an error. */
export function isBad(c: CallRecord): boolean {
  return !c.ok || c.isError === true;
}

/** The calls that match every filter, newest first. */
export function filterCalls(calls: CallRecord[], f: CallFilter): CallRecord[] {
  const ql = f.q.toLowerCase();
  return calls
    .filter((c) => {
      const bad = isBad(c);
      if (f.server !== '' && c.server !== f.server) {
        return false;
      }
      if (f.client !== '' && c.client !== f.client) {
        return false;
      }
      if (f.profile !== '' && c.profile !== f.profile) {
        return false;
      }
      if ((f.result === 'ok' && bad) || (f.result === 'error' && !bad)) {
        return false;
      }
      return (
        ql === '' ||
        c.tool.toLowerCase().includes(ql) ||
        c.client.toLowerCase().includes(ql) ||
        (c.error ?? '').toLowerCase().includes(ql)
      );
    })
    .reverse();
}

/** Clients to filter by: every token's (from the profiles), every caller seen, and the chosen one. */
export function clientOptions(calls: CallRecord[], tokenClients: string[], chosen: string): string[] {
  return [
    ...new Set([...calls.map((c) => c.client), ...tokenClients, ...(chosen === '' ? [] : [chosen])]),
  ].sort((a, b) => a.localeCompare(b));
}

/** Profiles to filter by: those in the config, and the chosen one. */
export function profileOptions(profiles: string[], chosen: string): string[] {
  return [...new Set([...profiles, ...(chosen === '' ? [] : [chosen])])];
}

/** `#/activity?client=cursor&profile=coding`: one filter read from the address's query. */
export function filterFromQuery(hash: string, key: 'client' | 'profile'): string {
  const query = hash.split('?')[1] ?? '';
  return new URLSearchParams(query).get(key) ?? '';
}

/** The address that links to these filters. */
export function activityHash(client: string, profile: string): string {
  const q = new URLSearchParams();
  if (client !== '') {
    q.set('client', client);
  }
  if (profile !== '') {
    q.set('profile', profile);
  }
  const query = q.toString();
  return `#/activity${query === '' ? '' : `?${query}`}`;
}

/** The text of a bad call's result tag. */
export function failureText(c: CallRecord): string {
  return c.error ?? (c.isError === true ? 'tool error' : 'failed');
}
