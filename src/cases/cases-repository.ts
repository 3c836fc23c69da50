// MongoDB access for cases. Every change is one findOneAndUpdate guarded by the expected state (and
// whatever else must still hold), appending its event in the same update: single-document atomicity
// only, so it behaves the same on a standalone server, a replica set, Atlas or Cosmos DB.
import { MongoServerError, type Collection, type Db, type Filter, type UpdateFilter } from 'mongodb';
import { formatCaseNumber } from './case-number.js';
import type { CaseDoc, CaseEvent, CaseState, ReminderMark } from './types.js';

interface CounterDoc {
  _id: string;
  seq: number;
}

export const CASES_COLLECTION = 'cases';
export const COUNTERS_COLLECTION = 'counters';

/** Fields a guarded update may set; `unset` lists fields removed. */
export interface CaseChangeSpec {
  set?: Partial<Omit<CaseDoc, '_id' | 'number' | 'events' | 'version'>>;
  unset?: (keyof CaseDoc)[];
  event: CaseEvent;
  /** Also pushed in the same update. */
  pushReminder?: ReminderMark;
  pushEvidence?: CaseDoc['evidence'][number];
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}

export class CasesRepository {
  readonly cases: Collection<CaseDoc>;
  private readonly counters: Collection<CounterDoc>;

  constructor(db: Db) {
    this.cases = db.collection<CaseDoc>(CASES_COLLECTION);
    this.counters = db.collection<CounterDoc>(COUNTERS_COLLECTION);
  }

  /** One index per real query. The case number is the _id, hence unique. */
  async ensureIndexes(): Promise<void> {
    await this.cases.createIndexes([
      // A member's cases as complainant, newest first.
      { key: { 'complainant.memberId': 1, createdAt: -1 }, name: 'complainant_member' },
      // The same complainant seen from another chat identity that verified the same email.
      { key: { 'complainant.email': 1, createdAt: -1 }, name: 'complainant_email' },
      // Respondent resolution: whoever verifies this email sees these cases.
      { key: { 'respondent.email': 1, createdAt: -1 }, name: 'respondent_email' },
      // Support queues: cases by state, soonest deadline first.
      { key: { state: 1, deadline: 1 }, name: 'state_deadline' },
      // The timer: next reminder step or deadline.
      { key: { nextTimerAt: 1 }, name: 'next_timer' },
      // A retried submit files once.
      { key: { 'complainant.memberId': 1, idempotencyKey: 1 }, name: 'idempotency', unique: true },
    ]);
  }

  /** The next case number of `year` from an atomic counter (gaps possible, never duplicates). */
  async nextNumber(year: number): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const doc = await this.counters.findOneAndUpdate(
          { _id: `case-${year}` },
          { $inc: { seq: 1 } },
          { upsert: true, returnDocument: 'after' },
        );
        if (!doc) throw new Error('counter update returned nothing');
        return formatCaseNumber(year, doc.seq);
      } catch (err) {
        // Two first-of-the-year upserts race on the same _id: the loser retries and increments.
        if (isDuplicateKey(err) && attempt < 3) continue;
        throw err;
      }
    }
  }

  /** Inserts a new case; null when the (member, idempotencyKey) pair already exists. */
  async insert(doc: CaseDoc): Promise<CaseDoc | null> {
    try {
      await this.cases.insertOne(doc);
      return doc;
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  async findByNumber(number: string): Promise<CaseDoc | null> {
    return this.cases.findOne({ _id: number });
  }

  async findByIdempotencyKey(memberId: string, key: string): Promise<CaseDoc | null> {
    return this.cases.findOne({ 'complainant.memberId': memberId, idempotencyKey: key });
  }

  /** Whether a case waits for a response from the party with this email (uses the party email indexes). */
  async awaitsResponseFrom(email: string): Promise<boolean> {
    const found = await this.cases.findOne(
      { $or: [{ state: 'awaiting_respondent', 'respondent.email': email }, { state: 'awaiting_complainant', 'complainant.email': email }] },
      { projection: { _id: 1 } },
    );
    return found !== null;
  }

  /** Cases where the member is complainant (by id or verified email) or respondent (verified email). */
  async findForParty(memberId: string, verifiedEmail: string | undefined, limit = 100): Promise<CaseDoc[]> {
    const or: Filter<CaseDoc>[] = [{ 'complainant.memberId': memberId }];
    if (verifiedEmail) {
      or.push({ 'complainant.email': verifiedEmail, 'complainant.emailVerified': true });
      or.push({ 'respondent.email': verifiedEmail });
    }
    return this.cases.find({ $or: or }).sort({ createdAt: -1 }).limit(limit).toArray();
  }

  /**
   * Applies `change` only if the case still matches `guard` (its state among `states`, plus `extra`).
   * Returns the updated case, or null when the guard no longer holds (the caller reads the case to tell
   * "gone" from "changed").
   */
  async applyGuarded(
    number: string,
    guard: { states: readonly CaseState[]; extra?: Filter<CaseDoc> },
    change: CaseChangeSpec,
  ): Promise<CaseDoc | null> {
    const filter: Filter<CaseDoc> = { _id: number, state: { $in: [...guard.states] }, ...(guard.extra ?? {}) };
    const push: Record<string, unknown> = { events: change.event };
    if (change.pushReminder) push.reminders = change.pushReminder;
    if (change.pushEvidence) push.evidence = change.pushEvidence;
    const update: UpdateFilter<CaseDoc> = {
      $set: { ...(change.set ?? {}), updatedAt: change.event.at },
      $push: push as UpdateFilter<CaseDoc>['$push'],
      $inc: { version: 1 },
    };
    if (change.unset?.length) update.$unset = Object.fromEntries(change.unset.map((k) => [k, ''])) as UpdateFilter<CaseDoc>['$unset'];
    return this.cases.findOneAndUpdate(filter, update, { returnDocument: 'after' });
  }

  /** Moves the timer mark without an event (housekeeping when nothing was due). */
  async setNextTimer(number: string, expected: { state: CaseState; deadline: Date }, at: Date): Promise<void> {
    await this.cases.updateOne({ _id: number, state: expected.state, deadline: expected.deadline }, { $set: { nextTimerAt: at } });
  }

  /** Awaiting cases whose timer is due, oldest first. */
  async findDue(now: Date, limit = 100): Promise<CaseDoc[]> {
    return this.cases
      .find({ nextTimerAt: { $lte: now }, state: { $in: ['awaiting_respondent', 'awaiting_complainant'] } })
      .sort({ nextTimerAt: 1 })
      .limit(limit)
      .toArray();
  }
}
