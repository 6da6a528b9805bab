import type { AuthProvider } from '@modelcontextprotocol/client';

/** What a remote server's transport gets: the bearer-token source and a fetch that watches for step-up. */
export interface BackendAuth {
  authProvider: AuthProvider;
  fetch: typeof fetch;
}
