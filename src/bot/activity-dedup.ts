// Teams redelivers a message when the bot takes longer than 15 s to answer, and Web Chat's Retry sends
// an activity again. Each incoming activity id is recorded in MongoDB (unique _id, TTL index) when its
// turn starts and marked done when it ends, so whichever instance gets a redelivery:
// - done: ignored (the user has the answer);
// - still running, its lease alive: ignored (the first delivery will answer; the lease is renewed
//   while the turn runs);
// - running with a lapsed lease (the instance crashed mid-turn) or failed: runs again and answers.
//   Turns are idempotent where it matters (a filing's key returns the case filed before the crash).
import type { Activity } from 'botbuilder';
import type { Collection, Db } from 'mongodb';

export const PROCESSED_ACTIVITIES = 'processed_activities';

interface ProcessedActivity {
  _id: string;
  at: Date;
  status: 'running' | 'done';
  /** Until when the running turn holds the activity; renewed while it runs. */
  leaseUntil: Date;
}

export interface ActivityDedupOptions {
  /** How long an id is remembered; default 10 minutes (redeliveries come within a minute). */
  ttlSeconds?: number;
  /** How long a running turn holds its activity without renewing (default 6 s, renewed every third of it): a
   * redelivery or Retry after a crash runs a few seconds later. */
  leaseMs?: number;
  clock?: () => Date;
}

/** A claimed activity: mark it done (or released, when the turn failed) when the turn ends. */
export interface ActivityClaim {
  done(): Promise<void>;
  release(): Promise<void>;
}

const NO_CLAIM: ActivityClaim = { done: async () => undefined, release: async () => undefined };

export class ActivityDedup {
  private readonly collection: Collection<ProcessedActivity>;
  private readonly ttlSeconds: number;
  private readonly leaseMs: number;
  private readonly clock: () => Date;
  private indexes?: Promise<void>;

  constructor(db: Db, options: ActivityDedupOptions = {}) {
    this.collection = db.collection<ProcessedActivity>(PROCESSED_ACTIVITIES);
    this.ttlSeconds = options.ttlSeconds ?? 600;
    this.leaseMs = options.leaseMs ?? 6_000;
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

  /**
   * A claim when this delivery should run (first seen, or its earlier turn died unfinished); null for a
   * redelivery of a turn that finished or is still running. Activities without an id always run.
   */
  async claim(activity: Partial<Activity>): Promise<ActivityClaim | null> {
    const key = ActivityDedup.keyOf(activity);
    if (!key) return NO_CLAIM;
    // The unique _id is what dedups; the TTL index only cleans up, so a server without it still works.
    await this.ensureIndexes().catch(() => {
      this.indexes = Promise.resolve();
    });
    const now = this.clock();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    try {
      await this.collection.insertOne({ _id: key, at: now, status: 'running', leaseUntil });
    } catch (err) {
      if ((err as { code?: unknown }).code !== 11000) throw err;
      // Taken over only if the turn that had it is gone (lease lapsed) and never finished.
      const taken = await this.collection.findOneAndUpdate(
        { _id: key, status: 'running', leaseUntil: { $lte: now } },
        { $set: { leaseUntil, at: now } },
      );
      if (!taken) return null;
    }
    return this.held(key, leaseUntil);
  }

  /** The claim of a running turn: renews its lease until the turn ends. */
  private held(key: string, firstLease: Date): ActivityClaim {
    let lease = firstLease;
    const renew = setInterval(() => {
      const next = new Date(this.clock().getTime() + this.leaseMs);
      this.collection
        .updateOne({ _id: key, status: 'running', leaseUntil: lease }, { $set: { leaseUntil: next } })
        .then((r) => {
          if (r.modifiedCount) lease = next;
        })
        .catch(() => undefined); // the next renewal tries again; at worst a redelivery runs the turn twice
    }, Math.max(1000, Math.floor(this.leaseMs / 3)));
    renew.unref();
    return {
      done: async () => {
        clearInterval(renew);
        await this.collection.updateOne({ _id: key }, { $set: { status: 'done', at: this.clock() } });
      },
      // The turn failed: a redelivery (or Retry) may run it again at once.
      release: async () => {
        clearInterval(renew);
        await this.collection.deleteOne({ _id: key, status: 'running' });
      },
    };
  }
}

/** For the app's index setups: the TTL index of processed_activities (idempotent). */
export async function ensureProcessedActivityIndexes(db: Db): Promise<void> {
  await new ActivityDedup(db).ensureIndexes();
}
