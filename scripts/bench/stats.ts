// Latency summaries for the benchmarks: nearest-rank percentiles over the recorded samples.

export interface LatencySummary {
  count: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of ascending `sorted` (p in 0..100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    count: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Milliseconds rounded to 0.1 for printing and JSON (NaN → null in JSON). */
export function ms(x: number): number {
  return Math.round(x * 10) / 10;
}

export function roundSummary(s: LatencySummary): LatencySummary {
  return { count: s.count, median: ms(s.median), p95: ms(s.p95), p99: ms(s.p99), max: ms(s.max), mean: ms(s.mean) };
}
