// Characters that change how text shows without showing themselves: bidirectional overrides and
// isolates ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"), zero-width characters that hide inside
// a company name so it looks like another, and the byte order mark. Removed from whatever a user
// writes that others will read (file names, company names, descriptions, statements).
const INVISIBLE = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, '');
}
