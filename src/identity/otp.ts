// One-time codes for email verification: 6 random digits, kept only as a salted scrypt hash so a
// database dump does not hand out live codes.
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

export const CODE_LENGTH = 6;

export function generateCode(): string {
  return String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
}

/** Digits only, spaces and dashes removed ("123 456" → "123456"); null when not a 6-digit code. */
export function normalizeCode(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const s = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(s) ? s : null;
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

export async function hashCode(code: string, context: string): Promise<CodeHash> {
  const salt = randomBytes(16);
  const key = await derive(code, salt, context);
  return { salt: salt.toString('base64'), hash: key.toString('base64') };
}

export async function verifyCode(code: string, context: string, stored: CodeHash): Promise<boolean> {
  const key = await derive(code, Buffer.from(stored.salt, 'base64'), context);
  const expected = Buffer.from(stored.hash, 'base64');
  return expected.length === key.length && timingSafeEqual(expected, key);
}
