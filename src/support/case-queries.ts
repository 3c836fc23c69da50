// The desk's reads: the filtered queue (ordered in memory by queue.ts, paged by cursor) and counts per
// state. Open cases are few compared with closed ones, so the queue reads at most MAX_SCAN matching cases.
import type { Collection, Db, Filter } from 'mongodb';
import { CASES_COLLECTION } from '../cases/cases-repository.js';
import { CASE_STATES, type CaseDoc, type CaseState, type Party } from '../cases/types.js';
import { compareKeys, queueKey, sortQueue, type QueueKey } from './queue.js';

export const MAX_SCAN = 2000;

export interface QueueFilters {
  state?: CaseState[];
  type?: string;
  awaiting?: Party;
  overdue?: boolean;
  dueWithinHours?: number;
  assignee?: string;
  q?: string;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class CaseQueries {
  private readonly cases: Collection<CaseDoc>;

  constructor(db: Db) {
    this.cases = db.collection<CaseDoc>(CASES_COLLECTION);
  }

  filter(f: QueueFilters, now: Date): Filter<CaseDoc> {
    const and: Filter<CaseDoc>[] = [];
    // Without a state filter the queue shows open cases only; finished ones are asked for by state.
    const states = f.state?.length ? f.state : CASE_STATES.filter((s) => s !== 'closed' && s !== 'cancelled');
    and.push({ state: { $in: states } });
    if (f.type) and.push({ typeId: f.type });
    if (f.awaiting) and.push({ state: f.awaiting === 'respondent' ? 'awaiting_respondent' : 'awaiting_complainant' });
    if (f.overdue) and.push({ deadline: { $lte: now } });
    if (f.dueWithinHours !== undefined) and.push({ deadline: { $lte: new Date(now.getTime() + f.dueWithinHours * 3_600_000) } });
    if (f.assignee !== undefined) and.push(f.assignee === '' ? { assignee: { $exists: false } } : { assignee: f.assignee.toLowerCase() });
    if (f.q) {
      const re = new RegExp(escapeRegex(f.q.trim()), 'i');
      and.push({ $or: [{ number: re }, { 'respondent.company': re }, { 'complainant.company': re }, { 'complainant.name': re }, { 'complainant.email': re }, { 'respondent.email': re }] });
    }
    return and.length === 1 ? and[0]! : { $and: and };
  }

  /** One page of the queue after `after` (a cursor key), and whether more follow. */
  async page(f: QueueFilters, now: Date, limit: number, after: QueueKey | null): Promise<{ cases: CaseDoc[]; next: QueueKey | null; scanned: number; truncated: boolean }> {
    const found = await this.cases.find(this.filter(f, now)).limit(MAX_SCAN + 1).toArray();
    const truncated = found.length > MAX_SCAN;
    const sorted = sortQueue(found.slice(0, MAX_SCAN), now);
    const rest = after ? sorted.filter((c) => compareKeys(queueKey(c, now), after) > 0) : sorted;
    const cases = rest.slice(0, limit);
    const last = cases[cases.length - 1];
    return { cases, next: rest.length > limit && last ? queueKey(last, now) : null, scanned: Math.min(found.length, MAX_SCAN), truncated };
  }

  /** How many cases are in each stored state (uses the state_deadline index). */
  async counts(): Promise<Record<CaseState, number>> {
    const entries = await Promise.all(CASE_STATES.map(async (s) => [s, await this.cases.countDocuments({ state: s })] as const));
    return Object.fromEntries(entries) as Record<CaseState, number>;
  }
}
