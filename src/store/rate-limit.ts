// Rate limits kept in MongoDB (rate-limiter-flexible's Mongo store), so every instance of the bot
// enforces one limit: a fixed window per key, counted with one atomic findOneAndUpdate. All limiters
// share the collection `rate_limits`; a limiter's name prefixes its keys.
import type { Db } from 'mongodb';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';

export const RATE_LIMITS_COLLECTION = 'rate_limits';

export interface Quota {
  /** How many units a key may use in one window. */
  points: number;
  /** The window, in milliseconds. */
  windowMs: number;
}

export type Take = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export class SharedRateLimit {
  private readonly limiter: RateLimiterMongo;

  constructor(db: Db, name: string, readonly quota: Quota, options: { blockInMemory?: boolean } = {}) {
    this.limiter = new RateLimiterMongo({
      storeClient: db,
      tableName: RATE_LIMITS_COLLECTION,
      keyPrefix: name,
      points: quota.points,
      duration: quota.windowMs / 1000,
      // Indexes are made by ensureRateLimitIndexes at start-up, not by each limiter in the background.
      disableIndexesCreation: true,
      // A key over its limit is refused from memory until its window ends: a flood costs no database trips.
      ...(options.blockInMemory ? { inMemoryBlockOnConsumed: quota.points + 1 } : {}),
    });
  }

  /** Uses `points` of the key's window; refused (nothing used) when that would go over the quota. */
  async take(key: string, points = 1): Promise<Take> {
    try {
      const res = await this.limiter.consume(key, points);
      return { ok: true, remaining: res.remainingPoints };
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        // consume() counted the refused try; give it back so a refusal does not lengthen the wait.
        await this.limiter.reward(key, points).catch(() => undefined);
        return { ok: false, retryAfterMs: Math.max(1, err.msBeforeNext) };
      }
      throw err;
    }
  }

  /** Whether the key could take `points` now, without using any. */
  async has(key: string, points = 1): Promise<boolean> {
    const res = await this.limiter.get(key);
    return !res || res.consumedPoints + points <= this.quota.points;
  }

  /** Gives back units taken for something that then did not happen. */
  async giveBack(key: string, points = 1): Promise<void> {
    await this.limiter.reward(key, points);
  }
}

/** The rate limit collection's indexes (expiry, unique key). Idempotent. */
export async function ensureRateLimitIndexes(db: Db): Promise<void> {
  const collection = db.collection(RATE_LIMITS_COLLECTION);
  await collection.createIndex({ expire: -1 }, { expireAfterSeconds: 0, name: 'expire' });
  await collection.createIndex({ key: 1 }, { unique: true, name: 'key' });
}
