// IANA time zone names come from channels, web chat pages and profiles: only names Intl knows are used.

/** Whether `tz` is a time zone name Intl accepts (e.g. Europe/Berlin); at most 64 characters. */
export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
