// The durable notifications outbox. Every message to send is first inserted here under a unique key
// (case, event or reminder step, recipient, channel); inserting the same key twice is a no-op, so any
// number of instances, retries or recovery passes can plan the same message and it still goes out once.
// A worker claims one entry with a single atomic update (pending → sending, with a lease) and sends it.
import type { Collection, Db } from 'mongodb';
import type { CaseState } from '../cases/types.js';
import type { EmailContent, MessageKind } from './message-kinds.js';

export type DeliveryChannel = 'email' | 'chat' | 'support_chat';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';

export interface NewDelivery {
  _id: string;
  caseNumber: string;
  kind: MessageKind;
  channel: DeliveryChannel;
  /** Email address (channel 'email'). */
  to?: string;
  /** Member to reach in all its conversations (channel 'chat'). */
  memberId?: string;
  email?: EmailContent;
  chat?: string;
  /** Send only while the case is still in this state with this deadline (reminders). */
  guard?: { state: CaseState; deadline: Date };
}

export interface DeliveryDoc extends NewDelivery {
  status: DeliveryStatus;
  attempts: number;
  /** When the entry may be claimed: due time while pending, lease expiry while sending. */
  nextAttemptAt: Date;
  /** Conversation keys already reached (chat), so a retry does not repeat itself there. */
  delivered: string[];
  owner?: string;
  lastError?: string;
  createdAt: Date;
  updatedAt: Date;
  doneAt?: Date;
}

export const NOTIFICATIONS_COLLECTION = 'notifications';

function isDuplicateKeyOnly(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> | { code?: number }; result?: unknown };
  if (e.code === 11000 && !e.writeErrors) return true;
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return list.length > 0 && list.every((w) => w.code === 11000);
}

export class NotificationOutbox {
  readonly collection: Collection<DeliveryDoc>;

  constructor(db: Db) {
    this.collection = db.collection<DeliveryDoc>(NOTIFICATIONS_COLLECTION);
  }

  /** The claim query reads only due entries. */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ status: 1, nextAttemptAt: 1 }, { name: 'due' });
    await this.collection.createIndex({ caseNumber: 1 }, { name: 'case' });
    // Finished entries are history only; keep a month of it (the recovery window is far shorter).
    await this.collection.createIndex({ doneAt: 1 }, { name: 'done_ttl', expireAfterSeconds: 30 * 24 * 3600 });
  }

  /** Inserts the entries whose keys are new; returns how many were new. */
  async enqueue(entries: NewDelivery[], now: Date): Promise<number> {
    if (entries.length === 0) return 0;
    const docs: DeliveryDoc[] = entries.map((e) => ({
      ...e,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      delivered: [],
      createdAt: now,
      updatedAt: now,
    }));
    try {
      const res = await this.collection.insertMany(docs, { ordered: false });
      return res.insertedCount;
    } catch (err) {
      if (!isDuplicateKeyOnly(err)) throw err;
      const inserted = (err as { result?: { insertedCount?: number } }).result?.insertedCount;
      return typeof inserted === 'number' ? inserted : 0;
    }
  }

  /**
   * Claims the next due entry for `owner`: one atomic update, so two workers never hold the same entry.
   * An entry whose lease expired (its worker died mid-send) is due again.
   */
  async claimNext(now: Date, owner: string, leaseMs: number): Promise<DeliveryDoc | null> {
    return this.collection.findOneAndUpdate(
      { status: { $in: ['pending', 'sending'] }, nextAttemptAt: { $lte: now } },
      { $set: { status: 'sending', owner, nextAttemptAt: new Date(now.getTime() + leaseMs), updatedAt: now }, $inc: { attempts: 1 } },
      { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
    );
  }

  /** Records one conversation reached and renews the lease (a member may have several conversations). */
  async recordDelivered(id: string, owner: string, conversationKey: string, now: Date, leaseMs: number): Promise<void> {
    await this.collection.updateOne(
      { _id: id, owner, status: 'sending' },
      { $addToSet: { delivered: conversationKey }, $set: { updatedAt: now, nextAttemptAt: new Date(now.getTime() + leaseMs) } },
    );
  }

  /** Keeps a claimed entry ours while it is being sent (the worker's heartbeat). */
  async renewLease(id: string, owner: string, now: Date, leaseMs: number): Promise<void> {
    await this.collection.updateOne({ _id: id, owner, status: 'sending' }, { $set: { nextAttemptAt: new Date(now.getTime() + leaseMs) } });
  }

  /** Final outcome; only the current owner may set it. */
  async finish(id: string, owner: string, status: 'sent' | 'skipped' | 'failed', now: Date, note?: string): Promise<void> {
    await this.collection.updateOne(
      { _id: id, owner, status: 'sending' },
      { $set: { status, doneAt: now, updatedAt: now, ...(note ? { lastError: note } : {}) } },
    );
  }

  /** Back to pending, to be tried again at `at`. */
  async retryAt(id: string, owner: string, at: Date, error: string, now: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: id, owner, status: 'sending' },
      { $set: { status: 'pending', nextAttemptAt: at, lastError: error, updatedAt: now } },
    );
  }

  async byCase(caseNumber: string): Promise<DeliveryDoc[]> {
    return this.collection.find({ caseNumber }).sort({ _id: 1 }).toArray();
  }
}
