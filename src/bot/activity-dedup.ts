// Teams redelivers a message when the bot takes longer than 15 s to answer. Each incoming activity id is
// recorded once in MongoDB (unique _id, TTL index), so a redelivery is ignored whichever instance gets it.
import type { Activity } from 'botbuilder';
import type { Collection, Db } from 'mongodb';

export const PROCESSED_ACTIVITIES = 'processed_activities';

interface ProcessedActivity {
  _id: string;
  at: Date;
}

export interface ActivityDedupOptions {
  /** How long an id is remembered; default 10 minutes (redeliveries come within a minute). */
  ttlSeconds?: number;
  clock?: () => Date;
}

export class ActivityDedup {
  private readonly collection: Collection<ProcessedActivity>;
  private readonly ttlSeconds: number;
  private readonly clock: () => Date;
  private indexes?: Promise<void>;

  constructor(db: Db, options: ActivityDedupOptions = {}) {
    this.collection = db.collection<ProcessedActivity>(PROCESSED_ACTIVITIES);
    this.ttlSeconds = options.ttlSeconds ?? 600;
    this.clock = options.clock ?? (() => new Date());
  }

  ensureIndexes(): Promise<void> {
    this.indexes ??= this.collection
      .createIndex({ at: 1 }, { expireAfterSeconds: this.ttlSeconds, name: 'ttl_at' })
      .then(() => undefined)
      .catch((err: unknown) => {
        this.indexes = undefined;
        throw err;
      });
    return this.indexes;
  }

  static keyOf(activity: Partial<Activity>): string | undefined {
    if (!activity.id || !activity.conversation?.id) return undefined;
    return `${activity.channelId ?? ''}|${activity.conversation.id}|${activity.id}`;
  }

  /** True the first time this activity is seen; false for a redelivery. Activities without an id always pass. */
  async firstSeen(activity: Partial<Activity>): Promise<boolean> {
    const key = ActivityDedup.keyOf(activity);
    if (!key) return true;
    // The unique _id is what dedups; the TTL index only cleans up, so a server without it still works.
    await this.ensureIndexes().catch(() => {
      this.indexes = Promise.resolve();
    });
    try {
      await this.collection.insertOne({ _id: key, at: this.clock() });
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === 11000) return false;
      throw err;
    }
  }
}

/** For the app's index setups: the TTL index of processed_activities (idempotent). */
export async function ensureProcessedActivityIndexes(db: Db): Promise<void> {
  await new ActivityDedup(db).ensureIndexes();
}
