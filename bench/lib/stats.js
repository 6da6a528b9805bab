// Small statistics helpers; latencies are in milliseconds.

/** Nearest-rank percentile of an unsorted sample (p in 0..100). */
export function percentile(values, p) {
  if (values.length === 0) {
    return null;
  }
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function median(values) {
  return percentile(values, 50);
}

/** Joins samples ({ latencies, errors, wallMs, cpuNs? }) taken in several rounds of one cell. */
export function mergeSamples(a, b) {
  if (!a) {
    return { ...b, latencies: [...b.latencies] };
  }
  const out = {
    latencies: a.latencies.concat(b.latencies),
    errors: a.errors + b.errors,
    wallMs: a.wallMs + b.wallMs,
  };
  if (a.cpuNs !== undefined && b.cpuNs !== undefined) {
    out.cpuNs = a.cpuNs + b.cpuNs;
  }
  if (a.slices !== undefined && b.slices !== undefined) {
    out.slices = a.slices + b.slices;
  }
  return out;
}

/** Summary of a latency run: calls done, errors, p50/p99 latency, throughput (calls/s). */
export function summarise(latencies, errors, wallMs) {
  return {
    calls: latencies.length,
    errors,
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    meanMs: latencies.length ? round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 3) : null,
    throughput: wallMs > 0 ? Math.round((latencies.length / wallMs) * 1000) : null,
    wallMs: Math.round(wallMs),
  };
}

export function round(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) {
    return null;
  }
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
