// Exponential backoff with full jitter, bounded, for transient channel errors.

export interface BackoffOptions {
  /** Total attempts including the first (default 5). */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { attempts: 5, baseMs: 500, maxMs: 15_000 };

/** Delay before retry number `retry` (1-based): random in [0, min(max, base·2^(retry-1))], at least 1 ms. */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** (retry - 1));
  return Math.max(1, Math.floor(random() * cap));
}
