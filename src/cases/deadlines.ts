// Deadline arithmetic. Periods are exact elapsed hours on the UTC time line (a 72 h period is 72 real
// hours even across a daylight-saving change); only the text shown to a person uses its time zone.
import { awaitedParty, isAwaiting } from './state-machine.js';
import { isValidTimeZone } from '../time/time-zone.js';
import type { CaseDoc, CaseState, Party, ReminderMark } from './types.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

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

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "2 days 3 hours", "5 hours 20 minutes", "35 minutes", "less than a minute" (rounded down). */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(ms / MINUTE);
  if (totalMinutes < 1) return 'less than a minute';
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
  if (hours > 0) return minutes > 0 ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour');
  return plural(minutes, 'minute');
}

type MomentPart = 'weekday' | 'day' | 'month' | 'year' | 'hour' | 'minute' | 'timeZoneName';

/** The parts of a moment in the reader's time zone (24-hour clock); `zone` is UTC when the zone is unknown. */
export function momentParts(at: Date, timeZone?: string): Record<MomentPart | 'zone', string> {
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(at);
  const get = (type: MomentPart): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    zone,
    weekday: get('weekday'),
    day: get('day'),
    month: get('month'),
    year: get('year'),
    hour: get('hour'),
    minute: get('minute'),
    timeZoneName: get('timeZoneName'),
  };
}

/** "2 Dec 2026, 14:00 (Europe/Berlin)" or "2 Dec 2026, 13:00 UTC". */
export function formatDateTime(d: Date | string, timeZone?: string): string {
  const m = momentParts(d instanceof Date ? d : new Date(d), timeZone);
  const text = `${m.day} ${m.month} ${m.year}, ${m.hour}:${m.minute}`;
  return m.zone === 'UTC' ? `${text} UTC` : `${text} (${m.zone})`;
}

/** A moment in the reader's time zone: "Mon 30 Mar 2026, 14:00 CEST" (UTC when the zone is unknown). */
export function formatMoment(at: Date, timeZone?: string): string {
  const m = momentParts(at, timeZone);
  return `${m.weekday} ${m.day} ${m.month} ${m.year}, ${m.hour}:${m.minute} ${m.timeZoneName}`;
}

/** "2 days 3 hours left (until Mon 30 Mar 2026, 14:00 CEST)", or that the deadline has passed. */
export function timeLeftText(deadline: Date, now: Date, timeZone?: string): string {
  const when = formatMoment(deadline, timeZone);
  const ms = deadline.getTime() - now.getTime();
  if (ms <= 0) return `The deadline has passed (${when}).`;
  return `${formatDuration(ms)} left (until ${when})`;
}
