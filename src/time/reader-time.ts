// Moments and time left as one reader sees them: in the reader's time zone (UTC when it is unknown,
// and then the text says "UTC") and locale, with Intl. Chat, cards and email all use these, so a
// deadline reads the same everywhere. Periods themselves are exact elapsed time (src/cases/deadlines.ts).
import { isValidTimeZone } from './time-zone.js';

const MINUTE = 60_000;
const DEFAULT_LOCALE = 'en-GB';

function zoneOf(timeZone: string | undefined): string {
  return isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

function asDate(d: Date | string): Date {
  return d instanceof Date ? d : new Date(d);
}

/** "2 Dec 2026, 14:00 (Europe/Berlin)", or "2 Dec 2026, 13:00 UTC" when the zone is UTC or unknown. */
export function formatMoment(at: Date | string, timeZone?: string, locale = DEFAULT_LOCALE): string {
  const zone = zoneOf(timeZone);
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(asDate(at));
  return zone === 'UTC' ? `${text} UTC` : `${text} (${zone})`;
}

/** The day only: "2 Dec 2026". */
export function formatDay(at: Date | string, timeZone?: string, locale = DEFAULT_LOCALE): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zoneOf(timeZone), day: 'numeric', month: 'short', year: 'numeric' }).format(asDate(at));
}

/** A deadline in a message that may be read far from the chat: the moment, and a note when the zone is unknown. */
export function formatDeadline(at: Date, timeZone?: string, locale = DEFAULT_LOCALE): string {
  const text = formatMoment(at, timeZone, locale);
  return isValidTimeZone(timeZone) ? text : `${text} (shown in UTC because your time zone is not known)`;
}

/** "2 days 3 hours", "5 hours 20 minutes", "35 minutes", "less than a minute" (rounded down). */
export function formatDuration(ms: number, locale = DEFAULT_LOCALE): string {
  const totalMinutes = Math.floor(ms / MINUTE);
  if (totalMinutes < 1) return 'less than a minute';
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  const unit = (n: number, u: 'day' | 'hour' | 'minute') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  if (days > 0) return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  return unit(minutes, 'minute');
}

/** "2 days 3 hours left", "less than a minute left", or "the deadline has passed". */
export function timeLeft(deadline: Date | string, now: Date, locale = DEFAULT_LOCALE): string {
  const ms = asDate(deadline).getTime() - now.getTime();
  return ms <= 0 ? 'the deadline has passed' : `${formatDuration(ms, locale)} left`;
}
