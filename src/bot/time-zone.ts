// The user's time zone comes from the channel (activity.localTimezone, a clientInfo entity) or from the
// web chat page's join event; dates are shown in it, else in UTC (and then we say "UTC").
import type { Activity } from 'botbuilder';
import { formatDuration } from '../cases/deadlines.js';
import { isValidTimeZone } from '../time/time-zone.js';

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

export { formatDateTime } from '../cases/deadlines.js';

export function formatDate(d: Date | string, timeZone?: string): string {
  const tz = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, day: 'numeric', month: 'short', year: 'numeric' }).format(asDate(d));
}

/** "2 days 3 hours left", "45 minutes left", "deadline passed". */
export function timeLeft(deadline: Date | string, now: Date): string {
  const ms = asDate(deadline).getTime() - now.getTime();
  if (ms <= 0) return 'deadline passed';
  // Less than a minute still reads "1 minute left" here, not "less than a minute".
  return `${formatDuration(Math.max(ms, 60_000))} left`;
}
