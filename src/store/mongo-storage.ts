// Bot state (ConversationState, UserState, dialog state) in MongoDB, with the semantics of
// botbuilder's MemoryStorage: items are JSON round-tripped, every write gets a new eTag, a write
// carrying a stale eTag fails, and `*` or no eTag overwrites.
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';

export const BOT_STATE_COLLECTION = 'botState';

/** One stored item. The item is kept as its JSON text: state objects carry arbitrary keys
 * (`$`-prefixed, dotted) that not every MongoDB-compatible server accepts as field names,
 * and JSON is exactly what MemoryStorage stores, so both behave alike (Dates come back as strings). */
export interface BotStateDoc {
  _id: string;
  eTag: string;
  json: string;
  updatedAt: Date;
}

export interface MongoStorageOptions {
  collectionName?: string;
  clock?: () => Date;
}

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

const DUPLICATE_KEY = 11000;

export class MongoStorage implements Storage {
  readonly collection: Collection<BotStateDoc>;
  private readonly clock: () => Date;

  constructor(db: Db, options: MongoStorageOptions = {}) {
    this.collection = db.collection<BotStateDoc>(options.collectionName ?? BOT_STATE_COLLECTION);
    this.clock = options.clock ?? (() => new Date());
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    if (keys.length === 0) return items;
    const docs = await this.findBatched(keys);
    for (const key of new Set(keys)) {
      const doc = docs.get(key);
      if (doc) items[key] = { ...(JSON.parse(doc.json) as StoreItem), eTag: doc.eTag };
    }
    return items;
  }

  private batch?: { ids: Set<string>; docs: Promise<Map<string, BotStateDoc>> };

  /**
   * Reads issued in the same turn of the event loop share one find: a bot turn loads its conversation
   * and user state at once, and that costs one database round trip instead of two.
   */
  private findBatched(keys: string[]): Promise<Map<string, BotStateDoc>> {
    let batch = this.batch;
    if (!batch) {
      const ids = new Set<string>();
      const docs = new Promise<Map<string, BotStateDoc>>((resolve, reject) => {
        setImmediate(() => {
          this.batch = undefined;
          this.collection
            .find({ _id: { $in: [...ids] } })
            .toArray()
            .then((found) => resolve(new Map(found.map((d) => [d._id, d]))), reject);
        });
      });
      batch = { ids, docs };
      this.batch = batch;
    }
    for (const key of keys) batch.ids.add(key);
    return batch.docs;
  }

  /** Writes in order; the first eTag conflict rejects (earlier items of the same call stay written). */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    for (const [key, item] of Object.entries(changes) as [string, StoreItem][]) {
      await this.writeOne(key, item);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.collection.deleteMany({ _id: { $in: keys } });
  }

  private async writeOne(key: string, item: StoreItem): Promise<void> {
    const { eTag: expected, ...rest } = item;
    const doc: Omit<BotStateDoc, '_id'> = { eTag: randomUUID(), json: JSON.stringify(rest), updatedAt: this.clock() };
    if (!expected || expected === '*') {
      await this.collection.replaceOne({ _id: key }, doc, { upsert: true });
      return;
    }
    // Conditional write: one atomic replace guarded by the eTag the caller read.
    const replaced = await this.collection.replaceOne({ _id: key, eTag: expected }, doc);
    if (replaced.matchedCount === 1) return;
    // Like MemoryStorage, an eTag on an item that does not exist (any more) is no conflict:
    // create it, unless someone else creates it at the same moment.
    try {
      await this.collection.insertOne({ _id: key, ...doc });
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) throw new ETagConflictError(key);
      throw err;
    }
  }
}

/** Indexes for the bot state collection (idempotent). */
export async function ensureBotStateIndexes(db: Db): Promise<void> {
  // Lets a later clean-up job find conversations idle for months without a collection scan.
  await db.collection<BotStateDoc>(BOT_STATE_COLLECTION).createIndex({ updatedAt: 1 }, { name: 'updatedAt_1' });
}
