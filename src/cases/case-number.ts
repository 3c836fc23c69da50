// Readable case numbers: C-<year>-<6+ digit sequence>, e.g. C-2026-000123.

const NUMBER_RE = /^C-(\d{4})-(\d{6,9})$/;

export function formatCaseNumber(year: number, seq: number): string {
  return `C-${year}-${String(seq).padStart(6, '0')}`;
}

/**
 * The canonical number from what a user typed ("c-2026-000123", " #C-2026-000123 "), or null when it
 * cannot be a case number (callers answer "not found" either way).
 */
export function parseCaseNumber(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const s = input.trim().replace(/^#/, '').toUpperCase();
  return NUMBER_RE.test(s) ? s : null;
}

/**
 * A number as a person types it in chat, where short forms are common: "c-2026-42" is case
 * C-2026-000042. Null when it cannot be a case number. Links and APIs keep to parseCaseNumber.
 */
export function caseNumberFromChat(input: string): string | null {
  const m = /^#?C-(\d{4})-(\d{1,9})$/i.exec(input.trim());
  if (!m || Number(m[2]) === 0) return null;
  return parseCaseNumber(formatCaseNumber(Number(m[1]), Number(m[2])));
}
