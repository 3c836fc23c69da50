// Direct Line conversations and their activities, in MongoDB so that any bot instance can serve
// any conversation. Each conversation document holds a counter; appending an activity takes the
// next number atomically ($inc on one document) and that number is the activity's watermark.
import type { Collection, Db } from 'mongodb';
import { activityIdFor } from './ids.js';
import type { DirectLineActivity } from './activity-shape.js';

export const CONVERSATIONS_COLLECTION = 'directline_conversations';
export const ACTIVITIES_COLLECTION = 'directline_activities';

export interface ConversationDoc {
  _id: string;
  userId: string;
  locale?: string;
  /** The last watermark handed out. */
  seq: number;
  createdAt: Date;
  updatedAt: Date;
  expireAt: Date;
}

interface ActivityDoc {
  _id: string;
  conversationId: string;
  seq: number;
  /** The user's channelData.clientActivityID, to recognise Web Chat's retry of a post that got through. */
  clientActivityId?: string;
  /** Set once the bot accepted the activity. */
  delivered?: boolean;
  /** The activity as JSON text: cards carry keys such as `$schema` that not every store accepts. */
  json: string;
  createdAt: Date;
  expireAt: Date;
}

export interface ActivityPage {
  activities: DirectLineActivity[];
  /** The watermark after the last activity returned (or the one asked for when nothing is new). */
  watermark: number;
}

export interface ConversationStoreOptions {
  /** How long an idle conversation and its activities are kept. */
  retentionMs?: number;
  /**
   * A number taken but not yet written leaves a hole for a moment; readers wait at a hole this
   * long before skipping it (the writer died), so they never jump past an activity about to land.
   */
  holeGraceMs?: number;
  now?: () => Date;
}

export class ConversationNotFound extends Error {
  constructor(readonly conversationId: string) {
    super('conversation not found');
  }
}

export class ConversationStore {
  private readonly conversations: Collection<ConversationDoc>;
  private readonly activities: Collection<ActivityDoc>;
  private readonly retentionMs: number;
  private readonly holeGraceMs: number;
  private readonly now: () => Date;

  constructor(db: Db, options: ConversationStoreOptions = {}) {
    this.conversations = db.collection<ConversationDoc>(CONVERSATIONS_COLLECTION);
    this.activities = db.collection<ActivityDoc>(ACTIVITIES_COLLECTION);
    this.retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;
    this.holeGraceMs = options.holeGraceMs ?? 3000;
    this.now = options.now ?? (() => new Date());
  }

  async ensureIndexes(): Promise<void> {
    await this.activities.createIndex({ conversationId: 1, seq: 1 }, { unique: true });
    await this.activities.createIndex({ expireAt: 1 }, { expireAfterSeconds: 0 });
    await this.activities.createIndex({ conversationId: 1, clientActivityId: 1 });
    await this.conversations.createIndex({ expireAt: 1 }, { expireAfterSeconds: 0 });
  }

  /** Creates the conversation; false when it already existed (a client reconnecting). */
  async create(conversationId: string, userId: string, locale?: string): Promise<boolean> {
    const now = this.now();
    const result = await this.conversations.updateOne(
      { _id: conversationId },
      {
        $setOnInsert: {
          userId,
          seq: 0,
          createdAt: now,
          updatedAt: now,
          expireAt: new Date(now.getTime() + this.retentionMs),
          ...(locale ? { locale } : {}),
        },
      },
      { upsert: true },
    );
    return result.upsertedCount === 1;
  }

  get(conversationId: string): Promise<ConversationDoc | null> {
    return this.conversations.findOne({ _id: conversationId });
  }

  /** Gives the activity its id, watermark and timestamp, stores it, and returns it. */
  async append(conversationId: string, activity: DirectLineActivity): Promise<DirectLineActivity & { id: string }> {
    const now = this.now();
    const expireAt = new Date(now.getTime() + this.retentionMs);
    const conversation = await this.conversations.findOneAndUpdate(
      { _id: conversationId },
      { $inc: { seq: 1 }, $set: { updatedAt: now, expireAt } },
      { returnDocument: 'after' },
    );
    if (!conversation) throw new ConversationNotFound(conversationId);
    const seq = conversation.seq;
    const id = activityIdFor(conversationId, seq);
    const stored = { ...activity, id, timestamp: now.toISOString() };
    const clientActivityId = clientActivityIdOf(activity);
    await this.activities.insertOne({
      _id: id,
      conversationId,
      seq,
      ...(clientActivityId ? { clientActivityId } : {}),
      json: JSON.stringify(stored),
      createdAt: now,
      expireAt,
    });
    return stored;
  }

  /** The user's activity already stored with this clientActivityID, if any, and whether the bot took it. */
  async findClientActivity(
    conversationId: string,
    clientActivityId: string,
  ): Promise<{ activity: DirectLineActivity & { id: string }; delivered: boolean } | undefined> {
    const doc = await this.activities.findOne({ conversationId, clientActivityId });
    if (!doc) return undefined;
    return { activity: { ...(JSON.parse(doc.json) as DirectLineActivity), id: doc._id }, delivered: doc.delivered === true };
  }

  async markDelivered(activityId: string): Promise<void> {
    await this.activities.updateOne({ _id: activityId }, { $set: { delivered: true } });
  }

  /** Activities after `watermark`, in order, stopping at a fresh hole (see holeGraceMs). */
  async after(conversationId: string, watermark: number, limit = 200): Promise<ActivityPage> {
    const docs = await this.activities
      .find({ conversationId, seq: { $gt: watermark } })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
    const activities: DirectLineActivity[] = [];
    let last = watermark;
    const graceStart = this.now().getTime() - this.holeGraceMs;
    for (const doc of docs) {
      if (doc.seq !== last + 1 && doc.createdAt.getTime() > graceStart) break;
      activities.push(JSON.parse(doc.json) as DirectLineActivity);
      last = doc.seq;
    }
    return { activities, watermark: last };
  }
}

/** The client's own id of a user activity (Web Chat sets channelData.clientActivityID). */
export function clientActivityIdOf(activity: DirectLineActivity): string | undefined {
  if (activity.from?.role !== 'user') return undefined;
  const id = activity.channelData?.clientActivityID;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}
