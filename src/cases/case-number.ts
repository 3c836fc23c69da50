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
