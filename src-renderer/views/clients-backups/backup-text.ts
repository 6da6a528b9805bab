/** When a backup was taken, in the reader's locale (the raw text when it is not a date). */
export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** What a restore put back, in words. */
export function restoredSummary(r: {
  restored: Array<{ file: string; result: 'restored' | 'unchanged' }>;
}): string {
  const changed = r.restored.filter((x) => x.result === 'restored');
  if (r.restored.length === 0) {
    return 'There was nothing to restore.';
  }
  return changed.length === 0
    ? 'The files already held their original contents.'
    : `Put back: ${changed.map((x) => x.file).join(', ')}. Restart the client so it reads the file again.`;
}

/** Backups, the newest first. */
export function newestFirst<T extends { time: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => b.time.localeCompare(a.time));
}
