/** Small display helpers. */

export function formatTokens(n: number | undefined): string {
  if (n === undefined) {
    return '—';
  }
  if (n >= 10_000) {
    return `${(n / 1000).toFixed(n >= 100_000 ? 0 : 1)}k`;
  }
  return n.toLocaleString('en-US');
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) {
    return '—';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  }
  return formatSpan(ms);
}

/** 3d 4h, 2h 5m, 4m 10s, 12s */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) {
    return `${d}d ${h}h`;
  }
  if (h > 0) {
    return `${h}h ${m}m`;
  }
  if (m > 0) {
    return `${m}m ${s % 60}s`;
  }
  return `${s}s`;
}

export function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function formatAgo(at: number, now: number): string {
  const d = now - at;
  if (d < 5000) {
    return 'just now';
  }
  return `${formatSpan(d)} ago`;
}
