// Email addresses are compared in one form everywhere: trimmed and lower-cased.
const EMAIL_RE = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Trimmed, lower-cased form used for storage and comparison. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The normalised address, or null when it is not a plausible email address. */
export function parseEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const e = normalizeEmail(input);
  if (e.length > 254 || !EMAIL_RE.test(e)) return null;
  const [local] = e.split('@');
  if (!local || local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  return e;
}
