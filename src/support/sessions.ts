// Staff sessions in MongoDB, so every instance accepts them: a random 256-bit token in an HttpOnly cookie,
// stored only as its SHA-256 (a database dump holds no live session), with a CSRF token the page sends back
// in a header on every POST. Expired sessions are refused at once and removed by a TTL index.
import { createHash, randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';

export const SESSIONS_COLLECTION = 'support_sessions';

interface SessionDoc {
  _id: string; // sha256 of the token
  email: string;
  csrf: string;
  via: 'code' | 'teams';
  createdAt: Date;
  expiresAt: Date;
}

export interface StaffSession {
  email: string;
  csrf: string;
  via: 'code' | 'teams';
  expiresAt: Date;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('base64url');

export class SessionStore {
  private readonly sessions: Collection<SessionDoc>;

  constructor(
    db: Db,
    private readonly lifetimeMs: number,
    private readonly clock: () => Date,
  ) {
    this.sessions = db.collection<SessionDoc>(SESSIONS_COLLECTION);
  }

  async ensureIndexes(): Promise<void> {
    await this.sessions.createIndexes([
      { key: { expiresAt: 1 }, name: 'expiry', expireAfterSeconds: 0 },
      { key: { email: 1 }, name: 'by_email' },
    ]);
  }

  /** A new session; returns the cookie token (never stored) and the session. */
  async create(email: string, via: StaffSession['via']): Promise<{ token: string; session: StaffSession }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    const session: StaffSession = { email, csrf: randomBytes(24).toString('base64url'), via, expiresAt: new Date(now.getTime() + this.lifetimeMs) };
    await this.sessions.insertOne({ _id: digest(token), ...session, createdAt: now });
    return { token, session };
  }

  /** The live session of a token, or null (unknown, revoked, expired). */
  async find(token: string | undefined): Promise<StaffSession | null> {
    if (!token || token.length > 100) return null;
    const doc = await this.sessions.findOne({ _id: digest(token) });
    if (!doc || doc.expiresAt.getTime() <= this.clock().getTime()) return null;
    return { email: doc.email, csrf: doc.csrf, via: doc.via, expiresAt: doc.expiresAt };
  }

  async revoke(token: string): Promise<void> {
    await this.sessions.deleteOne({ _id: digest(token) });
  }
}
