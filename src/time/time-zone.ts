// IANA time zone names come from channels, web chat pages and profiles: only names Intl knows are used.

/** Whether `tz` is a time zone name Intl accepts (e.g. Europe/Berlin); at most 64 characters. */
/** Answers already found: the check builds an Intl.DateTimeFormat, which is slow. */
const checked = new Map<string, boolean>();

export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  const known = checked.get(tz);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    valid = true;
  } catch {
    valid = false;
  }
  // Bounded: untrusted input (a client's time zone) must not grow it without end.
  if (checked.size >= 1000) checked.clear();
  checked.set(tz, valid);
  return valid;
}
