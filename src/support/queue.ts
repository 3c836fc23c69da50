// The support queue as plain functions (no I/O): which bucket a case is in, why it needs a decision, and
// the order — overdue first (a deadline passed that the timer has not handled yet), then 'needs a
// decision' (Processing: a party answered, a deadline was missed, a new case), longest waiting first, then
// cases awaiting a party by the next deadline, then final cases, newest first.
import { awaitedParty, isAwaiting, isFinal } from '../cases/state-machine.js';
import type { CaseDoc, CaseEvent, Party } from '../cases/types.js';

export const QUEUE_BUCKETS = ['overdue', 'needs_decision', 'awaiting', 'final'] as const;
export type QueueBucket = (typeof QUEUE_BUCKETS)[number];

export const BUCKET_LABELS: Record<QueueBucket, string> = {
  overdue: 'Overdue',
  needs_decision: 'Needs a decision',
  awaiting: 'Awaiting a party',
  final: 'Finished',
};

export function bucketOf(c: Pick<CaseDoc, 'state' | 'deadline'>, now: Date): QueueBucket {
  if (isFinal(c.state)) return 'final';
  if (c.state === 'processing') return 'needs_decision';
  if (c.deadline && c.deadline.getTime() <= now.getTime()) return 'overdue';
  return 'awaiting';
}

/** The event that put the case in its current state (the last one with a `to`). */
export function lastTransition(c: Pick<CaseDoc, 'events'>): CaseEvent | undefined {
  for (let i = c.events.length - 1; i >= 0; i -= 1) if (c.events[i]?.to) return c.events[i];
  return undefined;
}

/** Why a Processing case is waiting for support, in a few words. */
export function decisionReason(c: Pick<CaseDoc, 'state' | 'events'>): string | undefined {
  if (c.state !== 'processing') return undefined;
  const e = lastTransition(c);
  if (e?.type === 'responded') return `The ${e.party ?? e.actor} responded`;
  if (e?.type === 'deadline_missed') return `The ${e.party ?? 'awaited party'} missed the deadline`;
  return 'New case';
}

/** The moment that orders a case within its bucket. */
export function sortTime(c: Pick<CaseDoc, 'state' | 'deadline' | 'events' | 'updatedAt'>, bucket: QueueBucket): number {
  switch (bucket) {
    case 'overdue':
    case 'awaiting':
      return c.deadline?.getTime() ?? Number.MAX_SAFE_INTEGER;
    case 'needs_decision':
      return new Date(lastTransition(c)?.at ?? c.updatedAt).getTime();
    case 'final':
      return -new Date(c.updatedAt).getTime();
  }
}

export interface QueueKey {
  bucket: number;
  time: number;
  number: string;
}

export function queueKey(c: CaseDoc, now: Date): QueueKey {
  const bucket = bucketOf(c, now);
  return { bucket: QUEUE_BUCKETS.indexOf(bucket), time: sortTime(c, bucket), number: c.number };
}

export function compareKeys(a: QueueKey, b: QueueKey): number {
  return a.bucket - b.bucket || a.time - b.time || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
}

export function sortQueue(cases: CaseDoc[], now: Date): CaseDoc[] {
  const keyed = cases.map((c) => ({ c, k: queueKey(c, now) }));
  keyed.sort((x, y) => compareKeys(x.k, y.k));
  return keyed.map((x) => x.c);
}

/** The party the case waits for, if any. */
export function awaiting(c: Pick<CaseDoc, 'state'>): Party | undefined {
  return isAwaiting(c.state) ? awaitedParty(c.state) : undefined;
}

/** Opaque cursor of a queue position (base64url JSON of its key). */
export function encodeCursor(k: QueueKey): string {
  return Buffer.from(JSON.stringify([k.bucket, k.time, k.number])).toString('base64url');
}

export function decodeCursor(s: string): QueueKey | null {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && typeof v[0] === 'number' && typeof v[1] === 'number' && typeof v[2] === 'string') {
      return { bucket: v[0], time: v[1], number: v[2] };
    }
  } catch {
    // fall through
  }
  return null;
}
