// Deadlines are shown in the reader's time zone when we know it; otherwise in UTC, and we say so.
import { isValidTimeZone } from '../time/time-zone.js';

export interface FormattedDeadline {
  /** e.g. "Tuesday, 1 December 2026, 14:00 (Europe/Berlin)" or "... 13:00 UTC (your time zone is not known)". */
  text: string;
  timeZone: string;
  known: boolean;
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than formatting with it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    // Time zones are a few hundred at most; the bound only guards against a flood of odd spellings.
    if (formatters.size >= 1000) formatters.clear();
    formatters.set(tz, f);
  }
  return f;
}

export function formatDeadline(at: Date, timeZone?: string): FormattedDeadline {
  const known = isValidTimeZone(timeZone) && timeZone !== 'UTC';
  const tz = known ? timeZone : 'UTC';
  const when = formatterFor(tz).format(at);
  if (known) return { text: `${when} (${tz})`, timeZone: tz, known };
  if (isValidTimeZone(timeZone)) return { text: `${when} UTC`, timeZone: 'UTC', known: true };
  return { text: `${when} UTC (shown in UTC because your time zone is not known)`, timeZone: 'UTC', known: false };
}
