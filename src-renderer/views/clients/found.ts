import type { ClientsDetect } from '../../../src-shared/api/clients.js';

type Detect = ClientsDetect;
type Found = Detect['servers'][number];
type ClientFile = Detect['clients'][number]['files'][number];

/** Servers not in the gateway yet. */
export function importableServers(data: Detect | undefined): Found[] {
  return (data?.servers ?? []).filter((s) => s.inGateway === undefined);
}

/** The importable servers still ticked (every one is, until unticked). */
export function chosenServers(importable: Found[], picked: Record<string, boolean>): Found[] {
  return importable.filter((s) => picked[s.id] ?? true);
}

/** The clients a server was found in, by name, once each. */
export function sourceNames(data: Detect, s: Found): string {
  const names = new Map(data.clients.map((c) => [c.id, c.name]));
  return [...new Set(s.sources.map((x) => names.get(x.client) ?? x.client))].join(', ');
}

/** The clients worth listing: installed, configured or connected. */
export function shownClients(data: Detect | undefined): Detect['clients'] {
  return (data?.clients ?? []).filter((c) => c.installed || c.hasConfig || c.connected);
}

/** What an import did, as a toast. */
export function importToast(r: {
  added: unknown[];
  skipped: Array<{ id: string; name?: string; reason: string }>;
}): { kind: 'info' | 'success'; title: string; description: string } {
  return {
    kind: r.skipped.length > 0 ? 'info' : 'success',
    title: `Imported ${r.added.length} server${r.added.length === 1 ? '' : 's'}`,
    description:
      r.skipped.length > 0
        ? `Skipped: ${r.skipped.map((s) => `${s.name ?? s.id} (${s.reason})`).join('; ')}`
        : 'They are starting now.',
  };
}

/** How many servers a client file holds, e.g. " · 2 servers" (empty when none). */
export function serverCount(f: ClientFile): string {
  return f.servers.length > 0 ? ` · ${f.servers.length} server${f.servers.length === 1 ? '' : 's'}` : '';
}
