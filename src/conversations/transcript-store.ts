// Conversation transcripts in MongoDB: botbuilder's TranscriptStore interface (logActivity,
// getTranscriptActivities, listTranscripts, deleteTranscript) plus what the support desk needs
// (conversations by member and by case, a member's own deletion request).
//
// Collections
//   transcript_activities  one document per activity: { channelId, conversationId, seq, timestamp, type,
//                          role, json (the redacted activity as JSON text), expiresAt }
//   conversations          one document per conversation: { channelId, conversationId, created,
//                          lastActivityAt, userId, userName, memberId?, caseNumbers[], activityCount, expiresAt }
// Activities are kept as JSON text, as bot state is (src/store/mongo-storage.ts): cards carry `$schema`
// and other keys not every MongoDB-compatible server accepts as field names.
// Order: `seq` is taken when the activity is logged (a per-process monotonic microsecond clock), so the
// activities of one turn keep the order the bot produced them in even when their timestamps are equal.
// Retention: both collections have a TTL index on expiresAt (retentionDays after the last write).
import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import { caseNumbersIn } from './case-refs.js';
import { redactActivity } from './redact.js';

export const TRANSCRIPT_ACTIVITIES_COLLECTION = 'transcript_activities';
export const CONVERSATIONS_COLLECTION = 'conversations';
export const TRANSCRIPT_PAGE_SIZE = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TranscriptActivityDoc {
  _id: ObjectId;
  channelId: string;
  conversationId: string;
  seq: number;
  timestamp: Date;
  type: string;
  role: 'user' | 'bot';
  json: string;
  expiresAt: Date;
}

export interface ConversationDoc {
  _id: string;
  channelId: string;
  conversationId: string;
  created: Date;
  lastActivityAt: Date;
  userId?: string;
  userName?: string;
  memberId?: string;
  caseNumbers: string[];
  activityCount: number;
  expiresAt: Date;
}

/** A conversation as the desk lists it. */
export type ConversationSummary = Omit<ConversationDoc, '_id' | 'expiresAt'> & { id: string };

/** What a turn knows about who and what an activity batch concerns (set by the bot for the recorder). */
export interface TranscriptLinks {
  memberId?: string;
}

export interface MongoTranscriptStoreOptions {
  retentionDays: number;
  clock?: () => Date;
  /** The member behind a chat account, when one exists (MemberService.findMemberIdByAccount). */
  memberOf?: (channelId: string, userId: string) => Promise<string | undefined>;
  pageSize?: number;
}

export function conversationKey(channelId: string, conversationId: string): string {
  return `${encodeURIComponent(channelId)}:${conversationId}`;
}

let lastSeq = 0;
/** Strictly increasing within the process, close to the wall clock (µs) across processes. */
function nextSeq(): number {
  lastSeq = Math.max(Date.now() * 1000, lastSeq + 1);
  return lastSeq;
}

function encodeToken(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decodeToken(token: string | undefined): unknown[] | undefined {
  if (!token) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return Array.isArray(parts) ? parts : undefined;
  } catch {
    return undefined;
  }
}

function toDate(v: unknown, fallback: Date): Date {
  const d = v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : fallback;
}

function requireIds(channelId: string, conversationId?: string): void {
  if (!channelId) throw new Error('Missing channelId');
  if (conversationId !== undefined && !conversationId) throw new Error('Missing conversationId');
}

function activityFromDoc(doc: TranscriptActivityDoc): Activity {
  const activity = JSON.parse(doc.json) as Activity & { localTimestamp?: unknown };
  activity.timestamp = doc.timestamp;
  if (typeof activity.localTimestamp === 'string') activity.localTimestamp = new Date(activity.localTimestamp);
  return activity;
}

function summaryOf(doc: ConversationDoc): ConversationSummary {
  const { _id, expiresAt: _expires, ...rest } = doc;
  return { id: _id, ...rest };
}

export class MongoTranscriptStore implements TranscriptStore {
  readonly activities: Collection<TranscriptActivityDoc>;
  readonly conversations: Collection<ConversationDoc>;
  private readonly clock: () => Date;
  private readonly pageSize: number;

  constructor(
    db: Db,
    private readonly options: MongoTranscriptStoreOptions,
  ) {
    this.activities = db.collection<TranscriptActivityDoc>(TRANSCRIPT_ACTIVITIES_COLLECTION);
    this.conversations = db.collection<ConversationDoc>(CONVERSATIONS_COLLECTION);
    this.clock = options.clock ?? (() => new Date());
    this.pageSize = options.pageSize ?? TRANSCRIPT_PAGE_SIZE;
  }

  async ensureIndexes(): Promise<void> {
    await this.activities.createIndex({ channelId: 1, conversationId: 1, seq: 1, _id: 1 });
    await this.activities.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await this.conversations.createIndex({ channelId: 1, created: 1, _id: 1 });
    await this.conversations.createIndex({ memberId: 1, lastActivityAt: -1 });
    await this.conversations.createIndex({ caseNumbers: 1 });
    await this.conversations.createIndex({ lastActivityAt: -1 });
    await this.conversations.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  }

  /** TranscriptLogger: one activity (redacted), e.g. from botbuilder's TranscriptLoggerMiddleware. */
  async logActivity(activity: Activity): Promise<void> {
    await this.logActivities([activity]);
  }

  /**
   * The activities of one turn, in order, in one write (plus one for the conversation). All must belong to
   * one conversation; activities without channel or conversation id are skipped.
   */
  async logActivities(batch: Activity[], links: TranscriptLinks = {}): Promise<void> {
    const usable = batch.filter((a) => a && typeof a.channelId === 'string' && a.channelId && typeof a.conversation?.id === 'string' && a.conversation.id);
    if (!usable.length) return;
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + this.options.retentionDays * DAY_MS);
    const groups = new Map<string, Activity[]>();
    for (const a of usable) {
      const key = conversationKey(a.channelId, a.conversation.id);
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    for (const [key, activities] of groups) {
      const { channelId } = activities[0];
      const conversationId = activities[0].conversation.id;
      const docs: TranscriptActivityDoc[] = activities.map((a) => {
        const role = a.from?.role === 'bot' || (a.from?.role !== 'user' && a.recipient?.role === 'user') ? 'bot' : 'user';
        const safe = redactActivity(a);
        return {
          _id: new ObjectId(),
          channelId,
          conversationId,
          seq: nextSeq(),
          timestamp: toDate(a.timestamp, now),
          type: typeof a.type === 'string' ? a.type : 'unknown',
          role,
          json: JSON.stringify(safe),
          expiresAt,
        };
      });
      await this.activities.insertMany(docs, { ordered: true });
      const caseNumbers = [...new Set(activities.flatMap((a) => caseNumbersIn(a)))];
      const user = activities
        .map((a, i) => (docs[i].role === 'user' ? a.from : a.recipient))
        .find((u) => typeof u?.id === 'string' && u.id);
      const firstAt = docs.reduce((min, d) => (d.timestamp < min ? d.timestamp : min), docs[0].timestamp);
      const conv = await this.conversations.findOneAndUpdate(
        { _id: key },
        {
          $setOnInsert: { channelId, conversationId, created: firstAt },
          $set: {
            lastActivityAt: now,
            expiresAt,
            ...(user ? { userId: user.id, ...(typeof user.name === 'string' && user.name ? { userName: user.name } : {}) } : {}),
            ...(links.memberId ? { memberId: links.memberId } : {}),
          },
          $inc: { activityCount: docs.length },
          $addToSet: { caseNumbers: { $each: caseNumbers } },
        },
        { upsert: true, returnDocument: 'after' },
      );
      if (conv && !conv.memberId && conv.userId && this.options.memberOf) {
        const memberId = await this.options.memberOf(channelId, conv.userId);
        if (memberId) await this.conversations.updateOne({ _id: key }, { $set: { memberId } });
      }
    }
  }

  async getTranscriptActivities(channelId: string, conversationId: string, continuationToken?: string, startDate?: Date): Promise<PagedResult<Activity>> {
    requireIds(channelId, conversationId);
    const filter: Filter<TranscriptActivityDoc> = { channelId, conversationId };
    if (startDate) filter.timestamp = { $gte: startDate };
    const after = decodeToken(continuationToken);
    if (after && typeof after[0] === 'number' && typeof after[1] === 'string' && ObjectId.isValid(after[1])) {
      const id = new ObjectId(after[1]);
      filter.$or = [{ seq: { $gt: after[0] } }, { seq: after[0], _id: { $gt: id } }];
    }
    const docs = await this.activities.find(filter).sort({ seq: 1, _id: 1 }).limit(this.pageSize + 1).toArray();
    const page = docs.slice(0, this.pageSize);
    const last = page[page.length - 1];
    return {
      items: page.map(activityFromDoc),
      continuationToken: docs.length > this.pageSize && last ? encodeToken([last.seq, last._id.toHexString()]) : '',
    };
  }

  /** The latest `limit` activities of a conversation, oldest first. */
  async lastActivities(channelId: string, conversationId: string, limit: number): Promise<Activity[]> {
    requireIds(channelId, conversationId);
    const docs = await this.activities.find({ channelId, conversationId }).sort({ seq: -1, _id: -1 }).limit(Math.max(1, limit)).toArray();
    return docs.reverse().map(activityFromDoc);
  }

  async listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    requireIds(channelId);
    const filter: Filter<ConversationDoc> = { channelId };
    const after = decodeToken(continuationToken);
    if (after && typeof after[0] === 'string' && typeof after[1] === 'string') {
      const created = new Date(after[0]);
      filter.$or = [{ created: { $gt: created } }, { created, _id: { $gt: after[1] } }];
    }
    const docs = await this.conversations.find(filter).sort({ created: 1, _id: 1 }).limit(this.pageSize + 1).toArray();
    const page = docs.slice(0, this.pageSize);
    const last = page[page.length - 1];
    return {
      items: page.map((d) => ({ channelId: d.channelId, id: d.conversationId, created: d.created })),
      continuationToken: docs.length > this.pageSize && last ? encodeToken([last.created.toISOString(), last._id]) : '',
    };
  }

  async deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    requireIds(channelId, conversationId);
    await this.activities.deleteMany({ channelId, conversationId });
    await this.conversations.deleteOne({ _id: conversationKey(channelId, conversationId) });
  }

  /** Deletes every transcript of the member's conversations (the member's own request). Returns how many. */
  async deleteMemberHistory(memberId: string): Promise<number> {
    const convs = await this.conversations.find({ memberId }, { projection: { channelId: 1, conversationId: 1 } }).toArray();
    for (const c of convs) await this.deleteTranscript(c.channelId, c.conversationId);
    return convs.length;
  }

  async getConversation(channelId: string, conversationId: string): Promise<ConversationSummary | null> {
    const doc = await this.conversations.findOne({ _id: conversationKey(channelId, conversationId) });
    return doc && summaryOf(doc);
  }

  async getConversationById(id: string): Promise<ConversationSummary | null> {
    const doc = await this.conversations.findOne({ _id: id });
    return doc && summaryOf(doc);
  }

  /** Conversations, newest first: of one member, about one case, or all. */
  async listConversations(query: { memberId?: string; caseNumber?: string; limit?: number } = {}): Promise<ConversationSummary[]> {
    const filter: Filter<ConversationDoc> = {};
    if (query.memberId) filter.memberId = query.memberId;
    if (query.caseNumber) filter.caseNumbers = query.caseNumber;
    const docs = await this.conversations
      .find(filter)
      .sort({ lastActivityAt: -1 })
      .limit(Math.min(Math.max(query.limit ?? 50, 1), 200))
      .toArray();
    return docs.map(summaryOf);
  }
}

export async function ensureTranscriptIndexes(db: Db): Promise<void> {
  await new MongoTranscriptStore(db, { retentionDays: 1 }).ensureIndexes();
}
