// One-time codes for email verification, kept only as a salted scrypt hash so a database dump does not
// hand out live codes. Usually 6 random digits; a long code (12 characters, 60 bits) when an address has
// had its hourly share of short codes: guessing is then hopeless however many requesters ask, so
// strangers asking for codes cannot lock the owner out and cannot pool guesses either.
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

export const CODE_LENGTH = 6;
export type CodeFormat = 'digits' | 'long';

/** Crockford's base 32 (no I, L, O, U): easy to read out and type. */
const LONG_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LONG_LENGTH = 12;

export function generateCode(format: CodeFormat = 'digits'): string {
  if (format === 'digits') return String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
  let s = '';
  for (let i = 0; i < LONG_LENGTH; i += 1) s += LONG_ALPHABET[randomInt(0, LONG_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/**
 * The code as hashed: 6 digits, or a long code upper-cased without its dashes; spaces and dashes
 * removed ("123 456" → "123456", "abcd-efgh-jkmn" → "ABCDEFGHJKMN"); null when it is neither.
 */
export function normalizeCode(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const s = input.replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{6}$/.test(s)) return s;
  return s.length === LONG_LENGTH && [...s].every((c) => LONG_ALPHABET.includes(c)) ? s : null;
}

export function codeFormat(normalized: string): CodeFormat {
  return normalized.length === CODE_LENGTH ? 'digits' : 'long';
}

export interface CodeHash {
  salt: string;
  hash: string;
}

function derive(code: string, salt: Buffer, context: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The context (member and email) binds the hash to them: a hash copied elsewhere verifies nothing.
    scrypt(`${context}\u0000${code}`, salt, 32, { N: 16384, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes a code as generateCode returns it (or as typed: it is normalised first). */
export async function hashCode(code: string, context: string): Promise<CodeHash> {
  const salt = randomBytes(16);
  const key = await derive(normalizeCode(code) ?? code, salt, context);
  return { salt: salt.toString('base64'), hash: key.toString('base64') };
}

export async function verifyCode(code: string, context: string, stored: CodeHash): Promise<boolean> {
  const key = await derive(normalizeCode(code) ?? code, Buffer.from(stored.salt, 'base64'), context);
  const expected = Buffer.from(stored.hash, 'base64');
  return expected.length === key.length && timingSafeEqual(expected, key);
}
