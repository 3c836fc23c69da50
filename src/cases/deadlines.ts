// Deadline arithmetic. Periods are exact elapsed hours on the UTC time line (a 72 h period is 72 real
// hours even across a daylight-saving change); the text shown to a person comes from src/time.
import { awaitedParty, isAwaiting } from './state-machine.js';
import type { CaseDoc, CaseState, Party, ReminderMark } from './types.js';

const HOUR = 3_600_000;

export function deadlineFrom(start: Date, hours: number): Date {
  return new Date(start.getTime() + hours * HOUR);
}

export interface ReminderStep {
  hoursBefore: number;
  at: Date;
}

/** The reminder steps of a deadline, earliest first (e.g. 48 h, 24 h, 2 h before). */
export function reminderTimes(deadline: Date, reminderHours: readonly number[]): ReminderStep[] {
  return [...new Set(reminderHours)]
    .filter((h) => h > 0)
    .sort((a, b) => b - a)
    .map((hoursBefore) => ({ hoursBefore, at: new Date(deadline.getTime() - hoursBefore * HOUR) }));
}

/** The key that makes a reminder step unique per awaited party, deadline and step. */
export function reminderKey(state: CaseState, deadline: Date, hoursBefore: number): string {
  return `${state}|${deadline.toISOString()}|${hoursBefore}`;
}

/**
 * The next moment the timer has work: the first reminder step after `after` and after the moment the
 * deadline was set, or the deadline itself.
 */
export function nextTimerAt(deadline: Date, deadlineSetAt: Date, reminderHours: readonly number[], after: Date): Date {
  const step = reminderTimes(deadline, reminderHours).find(
    (s) => s.at.getTime() > after.getTime() && s.at.getTime() > deadlineSetAt.getTime(),
  );
  return step ? step.at : deadline;
}

export interface DueReminder extends ReminderStep {
  key: string;
  party: Party;
}

/**
 * The reminder step due at `now`, or null. Only the latest step whose time has come counts (earlier
 * steps missed while no instance ran are not sent late, the latest one is caught up); steps before the
 * deadline was set are skipped (the request itself told the party); nothing at or after the deadline.
 */
export function dueReminder(
  c: Pick<CaseDoc, 'state' | 'deadline' | 'deadlineSetAt' | 'reminders'>,
  now: Date,
  reminderHours: readonly number[],
): DueReminder | null {
  if (!isAwaiting(c.state) || !c.deadline) return null;
  if (now.getTime() >= c.deadline.getTime()) return null;
  const since = c.deadlineSetAt?.getTime() ?? 0;
  const due = reminderTimes(c.deadline, reminderHours).filter((s) => s.at.getTime() <= now.getTime());
  const latest = due[due.length - 1];
  // A step at or before the moment the deadline was set is covered by the request itself.
  if (!latest || latest.at.getTime() <= since) return null;
  const key = reminderKey(c.state, c.deadline, latest.hoursBefore);
  if ((c.reminders ?? []).some((r: ReminderMark) => r.key === key)) return null;
  return { ...latest, key, party: awaitedParty(c.state) };
}
