// The user's time zone comes from the channel (activity.localTimezone, a clientInfo entity) or from the
// web chat page's join event; dates are shown in it, else in UTC (and then we say "UTC").
import type { Activity } from 'botbuilder';
import { isValidTimeZone } from '../cases/time-zone.js';

export { isValidTimeZone };

/** The time zone the activity reports, if any and valid. */
export function timeZoneFromActivity(activity: Partial<Activity>): string | undefined {
  if (isValidTimeZone(activity.localTimezone)) return activity.localTimezone;
  for (const e of activity.entities ?? []) {
    const entity = e as { type?: unknown; timezone?: unknown; timeZone?: unknown };
    if (entity.type !== 'clientInfo') continue;
    if (isValidTimeZone(entity.timezone)) return entity.timezone;
    if (isValidTimeZone(entity.timeZone)) return entity.timeZone;
  }
  if (activity.type === 'event' && activity.name === 'webchat/join') {
    const value = activity.value as { timeZone?: unknown } | undefined;
    if (isValidTimeZone(value?.timeZone)) return value.timeZone;
  }
  return undefined;
}

function asDate(d: Date | string): Date {
  return d instanceof Date ? d : new Date(d);
}

/** "2 Dec 2026, 14:00 (Europe/Berlin)" or "2 Dec 2026, 13:00 UTC". */
export function formatDateTime(d: Date | string, timeZone?: string): string {
  const tz = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(asDate(d));
  return tz === 'UTC' ? `${text} UTC` : `${text} (${tz})`;
}

export function formatDate(d: Date | string, timeZone?: string): string {
  const tz = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, day: 'numeric', month: 'short', year: 'numeric' }).format(asDate(d));
}

/** "2 days 3 hours left", "45 minutes left", "deadline passed". */
export function timeLeft(deadline: Date | string, now: Date): string {
  const ms = asDate(deadline).getTime() - now.getTime();
  if (ms <= 0) return 'deadline passed';
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (days > 0) return `${plural(days, 'day')}${hours ? ` ${plural(hours, 'hour')}` : ''} left`;
  if (hours > 0) return `${plural(hours, 'hour')}${mins ? ` ${plural(mins, 'minute')}` : ''} left`;
  return `${plural(Math.max(mins, 1), 'minute')} left`;
}
