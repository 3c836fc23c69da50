// One-time sign-in codes for staff, on the identity module's OTP machinery (6 digits, salted scrypt hash,
// constant-time compare): a code lives 10 minutes, allows 5 wrong tries, and at most 5 codes an hour go
// to one address. Stored per address in MongoDB so any instance can check a code another one sent.
import type { Collection, Db } from 'mongodb';
import { generateCode, hashCode, normalizeCode, verifyCode } from '../identity/otp.js';

export const SIGN_IN_CODES_COLLECTION = 'support_sign_in_codes';
const CODE_TTL_MS = 10 * 60_000;
const MAX_TRIES = 5;
const MAX_SENDS_PER_HOUR = 5;
const HOUR = 3_600_000;

interface CodeDoc {
  _id: string; // the staff email
  salt?: string;
  hash?: string;
  expiresAt?: Date;
  tries?: number;
  sends: Date[];
  /** Removed by the TTL index an hour after the last send. */
  purgeAt: Date;
}

export type CodeCheck = 'ok' | 'wrong_code' | 'expired' | 'too_many_tries' | 'no_code';

export class SignInCodes {
  private readonly codes: Collection<CodeDoc>;

  constructor(
    db: Db,
    private readonly clock: () => Date,
  ) {
    this.codes = db.collection<CodeDoc>(SIGN_IN_CODES_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.codes.createIndex({ purgeAt: 1 }, { name: 'purge', expireAfterSeconds: 0 });
  }

  /** A fresh code for `email` (replacing the previous one), or 'rate_limited'. */
  async issue(email: string): Promise<{ code: string; minutesValid: number } | 'rate_limited'> {
    const now = this.clock();
    const doc = await this.codes.findOne({ _id: email });
    const recent = (doc?.sends ?? []).filter((d) => now.getTime() - d.getTime() < HOUR);
    if (recent.length >= MAX_SENDS_PER_HOUR) return 'rate_limited';
    const code = generateCode();
    const { salt, hash } = await hashCode(code, `support|${email}`);
    await this.codes.updateOne(
      { _id: email },
      { $set: { salt, hash, expiresAt: new Date(now.getTime() + CODE_TTL_MS), tries: 0, sends: [...recent, now], purgeAt: new Date(now.getTime() + HOUR) } },
      { upsert: true },
    );
    return { code, minutesValid: CODE_TTL_MS / 60_000 };
  }

  /** Checks and, when right, uses up the code. Input that is not 6 digits costs a try too (no free probing). */
  async check(email: string, input: string): Promise<CodeCheck> {
    const now = this.clock();
    // Count the try first, atomically, so parallel guesses cannot exceed the limit.
    const doc = await this.codes.findOneAndUpdate({ _id: email, hash: { $exists: true } }, { $inc: { tries: 1 } }, { returnDocument: 'after' });
    if (!doc?.hash || !doc.salt || !doc.expiresAt) return 'no_code';
    if (doc.expiresAt.getTime() <= now.getTime()) return 'expired';
    if ((doc.tries ?? 0) > MAX_TRIES) return 'too_many_tries';
    const digits = normalizeCode(input);
    if (!digits || !(await verifyCode(digits, `support|${email}`, { salt: doc.salt, hash: doc.hash }))) {
      return (doc.tries ?? 0) >= MAX_TRIES ? 'too_many_tries' : 'wrong_code';
    }
    // Used once: only the request that removes this very hash signs in.
    const used = await this.codes.updateOne({ _id: email, hash: doc.hash }, { $unset: { hash: '', salt: '', expiresAt: '' } });
    return used.modifiedCount === 1 ? 'ok' : 'no_code';
  }
}
