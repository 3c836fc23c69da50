// Per-conversation send limits (Teams allows a bot 7 messages a second and 60 per 30 seconds in one
// conversation). A sliding log of send times per conversation, in this process only: with several bot
// instances each keeps its own log, so the combined rate could exceed the limit; a shared limit would need
// a shared bucket (for example a MongoDB or Redis counter per conversation and window). Retries on 429
// cover the rest.

export interface RateWindow {
  max: number;
  perMs: number;
}

export const TEAMS_CONVERSATION_LIMITS: RateWindow[] = [
  { max: 7, perMs: 1_000 },
  { max: 60, perMs: 30_000 },
];

export interface RateLimiterOptions {
  windows?: RateWindow[];
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ConversationRateLimiter {
  private readonly windows: RateWindow[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly sent = new Map<string, number[]>();
  private readonly longest: number;

  constructor(options: RateLimiterOptions = {}) {
    this.windows = options.windows ?? TEAMS_CONVERSATION_LIMITS;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.longest = Math.max(...this.windows.map((w) => w.perMs));
  }

  /** Waits until one more message may go to `conversationKey`, and counts it. */
  async acquire(conversationKey: string): Promise<void> {
    for (;;) {
      const wait = this.tryTake(conversationKey);
      if (wait === 0) return;
      await this.sleep(wait);
    }
  }

  /** 0 when taken, else how long to wait before trying again. */
  private tryTake(key: string): number {
    const now = this.now();
    const log = (this.sent.get(key) ?? []).filter((t) => t > now - this.longest);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = log.filter((t) => t > now - w.perMs);
      if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max] + w.perMs - now + 1);
    }
    if (wait === 0) log.push(now);
    // Idle conversations are dropped so the map does not grow without bound.
    if (log.length === 0) this.sent.delete(key);
    else this.sent.set(key, log);
    return wait;
  }
}
