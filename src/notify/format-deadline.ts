// Deadlines are shown in the reader's time zone when we know it; otherwise in UTC, and we say so.
import { isValidTimeZone } from '../time/time-zone.js';

export interface FormattedDeadline {
  /** e.g. "Tuesday, 1 December 2026, 14:00 (Europe/Berlin)" or "... 13:00 UTC (your time zone is not known)". */
  text: string;
  timeZone: string;
  known: boolean;
}

export function formatDeadline(at: Date, timeZone?: string): FormattedDeadline {
  const known = isValidTimeZone(timeZone) && timeZone !== 'UTC';
  const tz = known ? timeZone : 'UTC';
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  if (known) return { text: `${when} (${tz})`, timeZone: tz, known };
  if (isValidTimeZone(timeZone)) return { text: `${when} UTC`, timeZone: 'UTC', known: true };
  return { text: `${when} UTC (shown in UTC because your time zone is not known)`, timeZone: 'UTC', known: false };
}
