// Members: people known to the bot through one or more chat accounts (Teams, web chat), with the
// ConversationReference needed to message them proactively, and an email proven by a one-time code.
// Whoever verifies an email sees the cases filed against that email (respondent resolution).
import type { Db } from 'mongodb';
import type { Logger } from '../log/logger.js';
import type { ChatAccount, Member } from '../cases/types.js';

export { ValidationError, NotAllowedError } from '../cases/errors.js';

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
  /** Codes sent per member per hour at most (default 5): limits mail bombing and guessing by resending. */
  maxSendsPerHour?: number;
}

export interface VerificationStarted {
  /** The normalised address the code went to. */
  email: string;
  expiresAt: Date;
}

export type ConfirmResult =
  | { status: 'ok'; member: Member }
  | { status: 'wrong_code'; triesLeft: number }
  | { status: 'expired' }
  | { status: 'too_many_tries' }
  | { status: 'no_pending' };

export class MemberService {
  constructor(private readonly deps: MemberServiceDeps) {}

  /** Indexes: unique (channelId, userId) of accounts, verified email. Idempotent. */
  async ensureIndexes(): Promise<void> {}

  /**
   * The member behind a chat account, created on first sight (atomic upsert, safe under concurrent turns).
   * Keeps the latest ConversationReference, name and time zone, marks the account active again, sets lastSeenAt.
   */
  async findOrCreateByAccount(account: AccountInput): Promise<Member> {
    void account;
    throw new Error('not implemented yet');
  }

  async getById(memberId: string): Promise<Member | null> {
    void memberId;
    return null;
  }

  /** Members who verified this email (normalised before matching); possibly several, one per chat identity. */
  async findByEmail(email: string): Promise<Member[]> {
    void email;
    return [];
  }

  /** Updates name, company or time zone (only the given ones). */
  async updateProfile(memberId: string, profile: { name?: string; company?: string; timeZone?: string }): Promise<Member> {
    void memberId; void profile;
    throw new Error('not implemented yet');
  }

  /**
   * Sends a fresh 6-digit code to `email` (normalised; ValidationError when invalid). A new code replaces
   * the previous one. NotAllowedError when too many codes were sent in the last hour.
   * The code is stored only as a salted scrypt hash; it expires after 10 minutes.
   */
  async startEmailVerification(member: Member | string, email: string): Promise<VerificationStarted> {
    void member; void email;
    throw new Error('not implemented yet');
  }

  /**
   * Checks a code: ok (the member's email is now set and verified), wrong_code with tries left,
   * expired, too_many_tries (after 5 wrong tries the code is dead), or no_pending.
   */
  async confirmEmailVerification(member: Member | string, code: string): Promise<ConfirmResult> {
    void member; void code;
    throw new Error('not implemented yet');
  }

  /** Marks one chat account's reference unusable (the channel answered 403/404); chat then falls back to email. */
  async markReferenceInactive(memberId: string, channelId: string, userId: string): Promise<void> {
    void memberId; void channelId; void userId;
  }

  /** The member's chat accounts that have a reference and are not marked inactive. */
  async listActiveReferences(memberId: string): Promise<ChatAccount[]> {
    void memberId;
    return [];
  }
}
