// Members: people known to the bot through one or more chat accounts (Teams, web chat), with the
// ConversationReference needed to message them proactively, and an email proven by a one-time code.
// Whoever verifies an email sees the cases filed against that email (respondent resolution).
import { randomUUID } from 'node:crypto';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { silentLogger, type Logger } from '../log/logger.js';
import type { ChatAccount, Member } from './types.js';
import { NotAllowedError, NotFoundError, ValidationError } from '../errors/service-errors.js';
import { isValidTimeZone } from '../time/time-zone.js';
import { stripInvisible } from '../text/invisible.js';
import { parseEmail } from './email.js';
import { SharedRateLimit, ensureRateLimitIndexes, type Quota } from '../store/rate-limit.js';
import { codeFormat, generateCode, hashCode, normalizeCode, verifyCode, type CodeFormat } from './otp.js';

export { ValidationError, NotAllowedError, NotFoundError };

/** A pending verification as stored: the code only as a salted hash. */
interface PendingVerification {
  email: string;
  /** Absent on codes stored before long codes existed: those are digits. */
  format?: CodeFormat;
  salt: string;
  hash: string;
  expiresAt: Date;
  tries: number;
  createdAt: Date;
}

/** Stored member: the Member fields without accounts (they live in member_accounts), plus verification state. */
interface MemberDoc extends Omit<Member, 'accounts'> {
  verification?: PendingVerification;
}

/** One chat account; _id makes (channelId, userId) unique, so concurrent first turns agree on one member. */
interface AccountDoc extends ChatAccount {
  _id: string;
  memberId: string;
  createdAt: Date;
}

export const MEMBERS_COLLECTION = 'members';
export const ACCOUNTS_COLLECTION = 'member_accounts';

function accountId(channelId: string, userId: string): string {
  return `${encodeURIComponent(channelId)}:${userId}`;
}

function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}

function validTimeZone(tz: unknown): string | undefined {
  return isValidTimeZone(tz) ? tz : undefined;
}

function toAccount(a: AccountDoc): ChatAccount {
  const { _id, memberId, createdAt, ...account } = a;
  void _id; void memberId; void createdAt;
  return account;
}

/** What a turn knows about the user: Activity.channelId, from.id, from.name, the conversation reference. */
export interface AccountInput {
  channelId: string;
  userId: string;
  name?: string;
  /** Partial<ConversationReference> (TurnContext.getConversationReference(activity)); the latest one is kept. */
  reference?: Record<string, unknown>;
  /** IANA time zone reported by the channel (activity.localTimezone), e.g. Europe/Berlin. */
  timeZone?: string;
}

/** Sends the one-time code to the address (the mailer's job). Must throw if it could not be sent. */
export type SendCode = (email: string, code: string) => Promise<void>;

export interface MemberServiceDeps {
  db: Db;
  sendCode: SendCode;
  clock?: () => Date;
  logger?: Logger;
  /** Code lifetime in ms (default 10 minutes). */
  codeTtlMs?: number;
  /** Wrong tries allowed per code (default 5). */
  maxTries?: number;
  /**
   * Quotas for sending codes, kept in MongoDB (shared by all instances). Defaults, per hour: 5 codes per
   * member; 3 per member to one address (so no requester uses up an address's share alone); 5 six-digit
   * codes per address (with 5 tries each: at most 25 guesses at short codes per address and hour, whoever
   * asks; past that the address gets long codes, which cannot be guessed); 20 emails per address, a limit
   * lifted while a case awaits that address's response (the owner can always get a code then).
   */
  quotas?: Partial<CodeQuotas>;
  /** Whether a case awaits a response from the party with this (normalised) address. */
  awaitsResponseFrom?: (email: string) => Promise<boolean>;
}

export interface CodeQuotas {
  perMember: Quota;
  perMemberAndAddress: Quota;
  shortCodesPerAddress: Quota;
  emailsPerAddress: Quota;
}

const HOUR = 3_600_000;
export const DEFAULT_CODE_QUOTAS: CodeQuotas = {
  perMember: { points: 5, windowMs: HOUR },
  perMemberAndAddress: { points: 3, windowMs: HOUR },
  shortCodesPerAddress: { points: 5, windowMs: HOUR },
  emailsPerAddress: { points: 20, windowMs: HOUR },
};

export interface VerificationStarted {
  /** The normalised address the code went to. */
  email: string;
  expiresAt: Date;
  /** What was sent: 6 digits, or a long code (the address had its share of short codes this hour). */
  format: CodeFormat;
}

export type ConfirmResult =
  | { status: 'ok'; member: Member }
  | { status: 'wrong_code'; triesLeft: number }
  | { status: 'expired' }
  | { status: 'too_many_tries' }
  | { status: 'no_pending' };

const DEFAULT_TTL_MS = 10 * 60_000;
const DEFAULT_MAX_TRIES = 5;

export class MemberService {
  private readonly db: Db;
  private readonly members: Collection<MemberDoc>;
  private readonly accounts: Collection<AccountDoc>;
  private readonly sendCode: SendCode;
  private readonly clock: () => Date;
  private readonly logger: Logger;
  private readonly ttlMs: number;
  private readonly maxTries: number;
  private readonly limits: Record<keyof CodeQuotas, SharedRateLimit>;
  private readonly awaitsResponseFrom: (email: string) => Promise<boolean>;

  constructor(deps: MemberServiceDeps) {
    this.db = deps.db;
    this.members = deps.db.collection<MemberDoc>(MEMBERS_COLLECTION);
    this.accounts = deps.db.collection<AccountDoc>(ACCOUNTS_COLLECTION);
    this.sendCode = deps.sendCode;
    this.clock = deps.clock ?? (() => new Date());
    this.logger = deps.logger ?? silentLogger;
    this.ttlMs = deps.codeTtlMs ?? DEFAULT_TTL_MS;
    this.maxTries = deps.maxTries ?? DEFAULT_MAX_TRIES;
    const quotas = { ...DEFAULT_CODE_QUOTAS, ...deps.quotas };
    this.limits = {
      perMember: new SharedRateLimit(deps.db, 'code-member', quotas.perMember),
      perMemberAndAddress: new SharedRateLimit(deps.db, 'code-member-address', quotas.perMemberAndAddress),
      shortCodesPerAddress: new SharedRateLimit(deps.db, 'code-short', quotas.shortCodesPerAddress),
      emailsPerAddress: new SharedRateLimit(deps.db, 'code-email', quotas.emailsPerAddress),
    };
    this.awaitsResponseFrom = deps.awaitsResponseFrom ?? (async () => false);
  }

  /** Indexes: accounts by member, members by email. Idempotent. */
  async ensureIndexes(): Promise<void> {
    await this.accounts.createIndexes([{ key: { memberId: 1 }, name: 'member' }]);
    await this.members.createIndexes([{ key: { email: 1 }, name: 'email' }]);
    await ensureRateLimitIndexes(this.db);
  }

  /**
   * The member behind a chat account, created on first sight (atomic upserts, safe under concurrent turns).
   * Keeps the latest ConversationReference, name and time zone, marks the account active again, sets lastSeenAt.
   */
  async findOrCreateByAccount(account: AccountInput): Promise<Member> {
    if (!account?.channelId || !account.userId) throw new ValidationError('A chat account needs a channel id and a user id.');
    const now = this.clock();
    const timeZone = validTimeZone(account.timeZone);
    const set: Partial<AccountDoc> = { lastSeenAt: now, active: true };
    if (account.reference) set.reference = account.reference;
    if (timeZone) set.timeZone = timeZone;
    const acct = await this.retryOnDuplicate(() =>
      this.accounts.findOneAndUpdate(
        { _id: accountId(account.channelId, account.userId) },
        { $set: set, $setOnInsert: { memberId: randomUUID(), channelId: account.channelId, userId: account.userId, createdAt: now } },
        { upsert: true, returnDocument: 'after' },
      ),
    );
    if (!acct) throw new Error('account upsert returned nothing');
    const name = account.name?.trim().slice(0, 200);
    // Runs on every turn: one upsert that also returns the member, instead of an update and a re-read.
    const doc = await this.retryOnDuplicate(() =>
      this.members.findOneAndUpdate(
        { _id: acct.memberId },
        { $set: { updatedAt: now, ...(timeZone ? { timeZone } : {}) }, $setOnInsert: { createdAt: now, emailVerified: false } },
        { upsert: true, returnDocument: 'after' },
      ),
    );
    if (!doc) throw new Error('member vanished right after upsert');
    // The channel's display name fills a missing name only: a name the member gave is kept.
    if (name && doc.name === undefined) {
      const filled = await this.members.updateOne({ _id: acct.memberId, name: { $exists: false } }, { $set: { name } });
      if (filled.modifiedCount === 1) doc.name = name;
      else return this.requireMember(acct.memberId);
    }
    const [member] = await this.withAccounts([doc]);
    return member;
  }

  /** The member behind a chat account, if the account was ever seen (read only). */
  async findMemberIdByAccount(channelId: string, userId: string): Promise<string | undefined> {
    const acct = await this.accounts.findOne({ _id: accountId(channelId, userId) }, { projection: { memberId: 1 } });
    return acct?.memberId;
  }

  /** The member, re-read (someone else changed it in the meantime). */
  private async requireMember(memberId: string): Promise<Member> {
    const member = await this.getById(memberId);
    if (!member) throw new Error('member vanished right after upsert');
    return member;
  }

  async getById(memberId: string): Promise<Member | null> {
    if (typeof memberId !== 'string') return null;
    const doc = await this.members.findOne({ _id: memberId });
    if (!doc) return null;
    const [member] = await this.withAccounts([doc]);
    return member ?? null;
  }

  /** Members who verified this email (normalised before matching); possibly several, one per chat identity. */
  async findByEmail(email: string): Promise<Member[]> {
    const e = parseEmail(email);
    if (!e) return [];
    return this.withAccounts(await this.members.find({ email: e, emailVerified: true }).toArray());
  }

  /** Updates name, company or time zone (only the given ones). */
  async updateProfile(memberId: string, profile: { name?: string; company?: string; timeZone?: string }): Promise<Member> {
    const set: Partial<MemberDoc> = { updatedAt: this.clock() };
    const errors: Record<string, string> = {};
    for (const key of ['name', 'company'] as const) {
      const v = profile[key];
      if (v === undefined) continue;
      const t = stripInvisible(v).trim();
      if (!t || t.length > 200) errors[key] = `${key === 'name' ? 'Name' : 'Company'} must be 1 to 200 characters.`;
      else set[key] = t;
    }
    if (profile.timeZone !== undefined) {
      const tz = validTimeZone(profile.timeZone);
      if (!tz) errors.timeZone = 'Unknown time zone; use a name like Europe/Berlin.';
      else set.timeZone = tz;
    }
    if (Object.keys(errors).length) throw new ValidationError(Object.values(errors).join(' '), errors);
    const res = await this.members.updateOne({ _id: memberId }, { $set: set });
    if (!res.matchedCount) throw new NotFoundError('No such member.');
    const member = await this.getById(memberId);
    if (!member) throw new NotFoundError('No such member.');
    return member;
  }

  /**
   * Sends a fresh code to `email` (normalised; ValidationError when invalid). A new code replaces the
   * previous one (and its tries). NotAllowedError when a quota is used up (see CodeQuotas). The code is
   * stored only as a salted scrypt hash; it expires after 10 minutes. If sendCode throws, the pending
   * code is withdrawn, the quotas given back, and the error rethrown.
   */
  async startEmailVerification(member: Member | string, email: string): Promise<VerificationStarted> {
    const memberId = typeof member === 'string' ? member : member._id;
    const normalized = parseEmail(email);
    if (!normalized) throw new ValidationError('That does not look like an email address; please check it (e.g. name@example.com).', { email: 'Invalid email address.' });
    const doc = await this.members.findOne({ _id: memberId });
    if (!doc) throw new NotFoundError('No such member.');
    const taken: Array<[SharedRateLimit, string]> = [];
    const giveBack = () => Promise.all(taken.map(([limit, key]) => limit.giveBack(key).catch(() => undefined)));
    const take = async (limit: SharedRateLimit, key: string, refusal: string) => {
      if (!(await limit.take(key)).ok) {
        await giveBack();
        throw new NotAllowedError(refusal);
      }
      taken.push([limit, key]);
    };
    await take(this.limits.perMember, memberId, 'Too many codes were sent in the last hour. Please wait a while and try again.');
    await take(this.limits.perMemberAndAddress, `${memberId}|${normalized}`, 'Too many codes were sent to this address in the last hour. Please wait a while and try again.');
    // The owner of an address a case is waiting for can always get a code: only the short ones are rationed.
    if (!(await this.awaitsResponseFrom(normalized))) {
      await take(this.limits.emailsPerAddress, normalized, 'Too many codes were sent to this address in the last hour. Please wait a while and try again.');
    }
    const short = await this.limits.shortCodesPerAddress.take(normalized);
    if (short.ok) taken.push([this.limits.shortCodesPerAddress, normalized]);
    const format: CodeFormat = short.ok ? 'digits' : 'long';
    const code = generateCode(format);
    const { salt, hash } = await hashCode(code, `${memberId}|${normalized}`);
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    const verification: PendingVerification = { email: normalized, format, salt, hash, expiresAt, tries: 0, createdAt: now };
    await this.members.updateOne({ _id: memberId }, { $set: { verification } });
    try {
      await this.sendCode(normalized, code);
    } catch (err) {
      await this.members.updateOne({ _id: memberId, 'verification.salt': salt }, { $unset: { verification: '' } });
      await giveBack();
      this.logger.warn({ err, memberId }, 'verification code could not be sent');
      throw err;
    }
    return { email: normalized, expiresAt, format };
  }

  /**
   * Checks a code: ok (the member's email is now set and verified), wrong_code with tries left,
   * expired, too_many_tries (after 5 wrong tries the code is dead until a new one is requested),
   * or no_pending. Input that is not 6 digits is answered wrong_code without using a try.
   */
  async confirmEmailVerification(member: Member | string, code: string): Promise<ConfirmResult> {
    const memberId = typeof member === 'string' ? member : member._id;
    const doc = await this.members.findOne({ _id: memberId });
    const v = doc?.verification;
    if (!v) return { status: 'no_pending' };
    const now = this.clock();
    if (v.tries >= this.maxTries) return { status: 'too_many_tries' };
    if (v.expiresAt.getTime() <= now.getTime()) return { status: 'expired' };
    const typed = normalizeCode(code);
    // Input that cannot be this code (not a code at all, or digits for a long code) uses no try.
    if (!typed || codeFormat(typed) !== (v.format ?? 'digits')) return { status: 'wrong_code', triesLeft: this.maxTries - v.tries };

    // Count the try before checking it, atomically: parallel guesses cannot exceed the limit.
    const counted = await this.members.findOneAndUpdate(
      { _id: memberId, 'verification.salt': v.salt, 'verification.tries': { $lt: this.maxTries }, 'verification.expiresAt': { $gt: now } },
      { $inc: { 'verification.tries': 1 } },
      { returnDocument: 'after' },
    );
    const cv = counted?.verification;
    if (!cv) return this.classifyAfterLostRace(memberId, v.salt, now);

    if (await verifyCode(typed, `${memberId}|${cv.email}`, cv)) {
      const res = await this.members.updateOne(
        { _id: memberId, 'verification.salt': cv.salt },
        { $set: { email: cv.email, emailVerified: true, updatedAt: now }, $unset: { verification: '' } },
      );
      const updated = await this.getById(memberId);
      if (updated && (res.modifiedCount || (updated.emailVerified && updated.email === cv.email))) return { status: 'ok', member: updated };
      return { status: 'no_pending' };
    }
    const triesLeft = this.maxTries - cv.tries;
    return triesLeft > 0 ? { status: 'wrong_code', triesLeft } : { status: 'too_many_tries' };
  }

  /** Marks one chat account's reference unusable (the channel answered 403/404); chat then falls back to email. */
  async markReferenceInactive(memberId: string, channelId: string, userId: string): Promise<void> {
    await this.accounts.updateOne({ _id: accountId(channelId, userId), memberId }, { $set: { active: false } });
  }

  /** The member's chat accounts that have a reference and are not marked inactive, most recent first. */
  async listActiveReferences(memberId: string): Promise<ChatAccount[]> {
    const docs = await this.accounts
      .find({ memberId, active: { $ne: false }, reference: { $exists: true } })
      .sort({ lastSeenAt: -1 })
      .toArray();
    return docs.map(toAccount);
  }

  // ---- internals ----

  private async classifyAfterLostRace(memberId: string, salt: string, now: Date): Promise<ConfirmResult> {
    const v = (await this.members.findOne({ _id: memberId }))?.verification;
    if (!v || v.salt !== salt) return { status: 'no_pending' };
    if (v.tries >= this.maxTries) return { status: 'too_many_tries' };
    if (v.expiresAt.getTime() <= now.getTime()) return { status: 'expired' };
    return { status: 'no_pending' };
  }

  private async withAccounts(docs: MemberDoc[]): Promise<Member[]> {
    if (!docs.length) return [];
    const accounts = await this.accounts.find({ memberId: { $in: docs.map((d) => d._id) } }).sort({ createdAt: 1 }).toArray();
    return docs.map((d) => {
      const { verification, ...rest } = d;
      void verification;
      return { ...rest, accounts: accounts.filter((a) => a.memberId === d._id).map(toAccount) };
    });
  }

  private async retryOnDuplicate<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      // Two first turns of one account upsert at once: the loser's retry finds the winner's document.
      if (isDuplicateKey(err)) return op();
      throw err;
    }
  }
}

/** The members' indexes without a service (for the app's start-up index setups). Idempotent. */
export async function ensureMemberIndexes(db: Db): Promise<void> {
  await new MemberService({ db, sendCode: async () => undefined }).ensureIndexes();
}
