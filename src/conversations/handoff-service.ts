// Handoffs to a person, kept in MongoDB (collection `handoffs`, one document per conversation holding
// its current or last request), so every instance sees the same state and a handoff survives a restart.
// Each change is one findOneAndUpdate guarded on the state (and request id) it was decided from, so two
// staff members taking the same request, or a take racing the timeout, have exactly one winner.
// Messages to the user (joined, staff messages, left, timed out) go through `deliver`, which the app
// wires to the proactive sender (Bot Framework continueConversation): they pass the adapter's
// middleware and land in the transcript like any bot message.
import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter } from 'mongodb';
import { escapeMarkdown } from '../text/escape-markdown.js';
import type { ConversationEvents } from './events.js';
import { transition, waitDeadline, type EndReason, type HandoffEvent, type HandoffState } from './handoff-machine.js';
import * as T from './handoff-texts.js';
import { conversationKey } from './transcript-store.js';

export const HANDOFFS_COLLECTION = 'handoffs';

export interface StaffRef {
  id: string;
  name: string;
}

export type HandoffReason = 'asked' | 'faq' | 'staff';

export interface HandoffDoc {
  /** conversationKey(channelId, conversationId) */
  _id: string;
  handoffId: string;
  channelId: string;
  conversationId: string;
  /** Partial<ConversationReference> of the user's conversation, for proactive messages. */
  reference: Record<string, unknown>;
  memberId?: string;
  userName?: string;
  state: HandoffState;
  reason: HandoffReason;
  offeredAt?: Date;
  requestedAt?: Date;
  waitUntil?: Date;
  takenAt?: Date;
  endedAt?: Date;
  endReason?: EndReason;
  staff?: StaffRef;
  updatedAt: Date;
}

/** A handoff as the desk and the API show it. */
export type HandoffView = Omit<HandoffDoc, '_id' | 'reference' | 'handoffId'> & { id: string; conversationKey: string };

export interface HandoffSubject {
  channelId: string;
  conversationId: string;
  reference: Record<string, unknown>;
  memberId?: string;
  userName?: string;
}

export type DeliverToUser = (
  reference: Record<string, unknown>,
  message: { type: 'message'; text: string; entities?: Array<{ type: string; [key: string]: unknown }> },
) => Promise<'sent' | 'gone'>;

export interface HandoffServiceDeps {
  db: Db;
  deliver: DeliverToUser;
  waitMinutes: number;
  supportEmail: string;
  events?: ConversationEvents;
  clock?: () => Date;
}

export class HandoffError extends Error {
  constructor(
    message: string,
    readonly code: 'not_found' | 'conflict' | 'forbidden' | 'invalid',
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}

export const MAX_STAFF_MESSAGE = 4000;

function view(doc: HandoffDoc): HandoffView {
  const { _id, reference: _ref, handoffId, ...rest } = doc;
  return { id: handoffId, conversationKey: _id, ...rest };
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === 11000;
}

export class HandoffService {
  readonly collection: Collection<HandoffDoc>;
  private readonly clock: () => Date;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.collection = deps.db.collection<HandoffDoc>(HANDOFFS_COLLECTION);
    this.clock = deps.clock ?? (() => new Date());
  }

  get waitMinutes(): number {
    return this.deps.waitMinutes;
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ handoffId: 1 }, { unique: true });
    await this.collection.createIndex({ state: 1, waitUntil: 1 });
    await this.collection.createIndex({ updatedAt: -1 });
  }

  /** The conversation's current (or last) handoff. */
  async forConversation(channelId: string, conversationId: string): Promise<HandoffView | null> {
    const doc = await this.collection.findOne({ _id: conversationKey(channelId, conversationId) });
    return doc && view(doc);
  }

  async get(handoffId: string): Promise<HandoffView | null> {
    if (typeof handoffId !== 'string' || handoffId.length > 64) return null;
    const doc = await this.collection.findOne({ handoffId });
    return doc && view(doc);
  }

  /** Waiting and active handoffs, oldest request first (the desk's queue). */
  async listOpen(): Promise<HandoffView[]> {
    const docs = await this.collection.find({ state: { $in: ['waiting', 'active'] } }).sort({ requestedAt: 1 }).limit(500).toArray();
    return docs.map(view);
  }

  /** The bot offers the user a person (the user asked, or the FAQ could not answer twice). */
  async offer(subject: HandoffSubject, reason: HandoffReason): Promise<HandoffView> {
    return this.start(subject, { type: 'offer' }, reason);
  }

  /** The user accepted the offer (or asked from a button): the request joins the desk's queue. */
  async accept(subject: HandoffSubject, reason: HandoffReason = 'asked'): Promise<HandoffView> {
    return this.start(subject, { type: 'accept' }, reason);
  }

  async decline(channelId: string, conversationId: string): Promise<HandoffView | null> {
    return this.applyByKey(conversationKey(channelId, conversationId), { type: 'decline' });
  }

  /** The user typed "back to the bot" or "cancel". The staff member (if any) is told through the desk. */
  async userEnds(channelId: string, conversationId: string): Promise<HandoffView | null> {
    const ended = await this.applyByKey(conversationKey(channelId, conversationId), { type: 'end', by: 'user' });
    if (ended) this.deps.events?.emit({ type: 'handoff.ended', handoff: ended });
    return ended;
  }

  /** The user wrote while waiting or talking to a person: shown live on the desk (the transcript has it). */
  relayUserMessage(handoff: HandoffView, text: string): void {
    this.deps.events?.emit({ type: 'handoff.message', handoff, from: 'user', text, at: this.clock() });
  }

  /** A staff member takes a waiting request; the user is told who joined. */
  async take(handoffId: string, staff: StaffRef): Promise<HandoffView> {
    const doc = await this.requireDoc(handoffId);
    const next = this.decide(doc.state, { type: 'take' });
    const now = this.clock();
    const taken = await this.collection.findOneAndUpdate(
      { _id: doc._id, handoffId, state: doc.state },
      { $set: { state: next.state, staff, takenAt: now, updatedAt: now } },
      { returnDocument: 'after' },
    );
    if (!taken) throw new HandoffError('The request changed in the meantime (someone else may have taken it).', 'conflict');
    await this.tell(taken, T.joinedText(escapeMarkdown(staff.name)));
    const v = view(taken);
    this.deps.events?.emit({ type: 'handoff.active', handoff: v });
    return v;
  }

  /**
   * A staff member steps into a conversation nobody asked about (from a case or the conversation list):
   * an active handoff at once, the user told who joined.
   */
  async stepIn(subject: HandoffSubject, staff: StaffRef): Promise<HandoffView> {
    const waiting = await this.accept(subject, 'staff');
    return this.take(waiting.id, staff);
  }

  /** A staff message to the user, sent as the bot with the staff member's name. */
  async postStaffMessage(handoffId: string, staff: StaffRef, text: string): Promise<HandoffView> {
    const clean = typeof text === 'string' ? text.trim() : '';
    if (!clean) throw new HandoffError('The message is empty.', 'invalid');
    if (clean.length > MAX_STAFF_MESSAGE) throw new HandoffError(`The message is longer than ${MAX_STAFF_MESSAGE} characters.`, 'invalid');
    const doc = await this.requireDoc(handoffId);
    if (doc.state !== 'active') throw new HandoffError('Take the request first: it is not active.', 'conflict');
    if (doc.staff?.id !== staff.id) throw new HandoffError(`${doc.staff?.name ?? 'Another staff member'} is handling this conversation.`, 'forbidden');
    await this.tell(doc, T.staffMessage(escapeMarkdown(staff.name), escapeMarkdown(clean)), staff);
    const v = view(doc);
    this.deps.events?.emit({ type: 'handoff.message', handoff: v, from: 'staff', text: clean, at: this.clock() });
    return v;
  }

  /** The staff member ends the handoff: the bot takes over again and the user is told. */
  async end(handoffId: string, staff: StaffRef): Promise<HandoffView> {
    const doc = await this.requireDoc(handoffId);
    if (doc.state === 'active' && doc.staff?.id !== staff.id) throw new HandoffError(`${doc.staff?.name ?? 'Another staff member'} is handling this conversation.`, 'forbidden');
    const ended = await this.applyGuarded(doc, { type: 'end', by: 'staff' });
    if (!ended) throw new HandoffError('The request changed in the meantime.', 'conflict');
    if (doc.state === 'active') await this.tell(ended, T.staffLeftText(escapeMarkdown(staff.name)));
    else await this.tell(ended, T.timedOutText(this.deps.supportEmail));
    const v = view(ended);
    this.deps.events?.emit({ type: 'handoff.ended', handoff: v });
    return v;
  }

  /** Waiting requests nobody took in time: ended, the user told and offered email. Returns how many. */
  async sweepTimeouts(): Promise<number> {
    const now = this.clock();
    let count = 0;
    for (;;) {
      const expired = await this.collection.findOneAndUpdate(
        { state: 'waiting', waitUntil: { $lte: now } },
        { $set: { state: 'ended', endReason: 'timed_out', endedAt: now, updatedAt: now } },
        { returnDocument: 'after' },
      );
      if (!expired) return count;
      count += 1;
      await this.tell(expired, T.timedOutText(this.deps.supportEmail)).catch(() => undefined);
      this.deps.events?.emit({ type: 'handoff.ended', handoff: view(expired) });
    }
  }

  private async start(subject: HandoffSubject, event: HandoffEvent, reason: HandoffReason): Promise<HandoffView> {
    const key = conversationKey(subject.channelId, subject.conversationId);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const current = await this.collection.findOne({ _id: key });
      const next = this.decide(current?.state ?? 'none', event);
      const now = this.clock();
      // Accepting the offer keeps the request id the offer card carries; anything else is a new request.
      const keepId = current && current.state === 'offered' && event.type === 'accept';
      const set: Partial<HandoffDoc> = {
        handoffId: keepId ? current.handoffId : randomUUID(),
        channelId: subject.channelId,
        conversationId: subject.conversationId,
        reference: subject.reference,
        state: next.state,
        reason: keepId ? current.reason : reason,
        updatedAt: now,
        ...(subject.memberId ? { memberId: subject.memberId } : {}),
        ...(subject.userName ? { userName: subject.userName } : {}),
      };
      if (next.state === 'offered') set.offeredAt = now;
      if (next.state === 'waiting') {
        set.requestedAt = now;
        set.waitUntil = waitDeadline(now, this.deps.waitMinutes);
      }
      const unset: Partial<Record<keyof HandoffDoc, ''>> = { staff: '', takenAt: '', endedAt: '', endReason: '' };
      if (next.state === 'offered') Object.assign(unset, { requestedAt: '', waitUntil: '' });
      try {
        const doc = current
          ? await this.collection.findOneAndUpdate({ _id: key, state: current.state, handoffId: current.handoffId }, { $set: set, $unset: unset }, { returnDocument: 'after' })
          : await this.insert({ _id: key, ...set } as HandoffDoc);
        if (!doc) continue;
        const v = view(doc);
        if (next.state === 'waiting') this.deps.events?.emit({ type: 'handoff.waiting', handoff: v });
        return v;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new HandoffError('The conversation changed in the meantime; please try again.', 'conflict');
  }

  private async insert(doc: HandoffDoc): Promise<HandoffDoc> {
    await this.collection.insertOne(doc);
    return doc;
  }

  private decide(state: HandoffState, event: HandoffEvent): { state: HandoffState; endReason?: EndReason } {
    const t = transition(state, event);
    if (!t.ok) throw new HandoffError(`Not possible now: ${t.reason}.`, 'conflict');
    return t;
  }

  private async applyByKey(key: string, event: HandoffEvent): Promise<HandoffView | null> {
    const doc = await this.collection.findOne({ _id: key });
    if (!doc || !transition(doc.state, event).ok) return null;
    const done = await this.applyGuarded(doc, event);
    return done && view(done);
  }

  private async applyGuarded(doc: HandoffDoc, event: HandoffEvent): Promise<HandoffDoc | null> {
    const next = this.decide(doc.state, event);
    const now = this.clock();
    const filter: Filter<HandoffDoc> = { _id: doc._id, handoffId: doc.handoffId, state: doc.state };
    return this.collection.findOneAndUpdate(
      filter,
      { $set: { state: next.state, updatedAt: now, ...(next.state === 'ended' ? { endedAt: now, endReason: next.endReason } : {}) } },
      { returnDocument: 'after' },
    );
  }

  private async requireDoc(handoffId: string): Promise<HandoffDoc> {
    const doc = typeof handoffId === 'string' && handoffId.length <= 64 ? await this.collection.findOne({ handoffId }) : null;
    if (!doc) throw new HandoffError('No such handoff request.', 'not_found');
    return doc;
  }

  private async tell(doc: HandoffDoc, text: string, staff?: StaffRef): Promise<void> {
    const entities = staff ? [{ type: 'complaintCenter/staff', id: staff.id, name: staff.name }] : undefined;
    await this.deps.deliver(doc.reference, { type: 'message', text, ...(entities ? { entities } : {}) });
  }
}
