// Signed web chat tokens (HS256 JWTs). A conversation token names exactly one conversation and
// one user; every local Direct Line call checks it, so one conversation can never read another.
// A user handle is the long-lived proof of a browser's user id, kept in its localStorage.
import { SignJWT, errors, jwtVerify, type JWTPayload } from 'jose';

const ISSUER = 'complaint-center/webchat';
const CONVERSATION_AUDIENCE = 'directline-conversation';
const USER_AUDIENCE = 'webchat-user';

export interface ConversationClaims {
  conversationId: string;
  userId: string;
  /** Expiry in seconds since the epoch. */
  exp: number;
}

export type TokenProblem = 'missing' | 'invalid' | 'expired';

export class TokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(`token ${problem}`);
  }
}

export interface TokenIssuerOptions {
  /** The HS256 key, or its promise (it may be read from the database at startup). */
  secret: Uint8Array | Promise<Uint8Array>;
  /** Lifetime of a conversation token; Web Chat refreshes at half of Azure's 30 minutes. */
  conversationTtlSeconds?: number;
  userHandleTtlSeconds?: number;
  /** Milliseconds since the epoch; a test clock may replace it. */
  now?: () => number;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

export class TokenIssuer {
  private readonly secret: Promise<Uint8Array>;
  private readonly conversationTtl: number;
  private readonly userHandleTtl: number;
  private readonly now: () => number;

  constructor(options: TokenIssuerOptions) {
    this.secret = Promise.resolve(options.secret);
    // Failures surface on first use (and in the web chat part's start()), never as unhandled.
    this.secret.catch(() => undefined);
    this.conversationTtl = options.conversationTtlSeconds ?? 30 * 60;
    this.userHandleTtl = options.userHandleTtlSeconds ?? 365 * 24 * 3600;
    this.now = options.now ?? Date.now;
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  async issueConversationToken(conversationId: string, userId: string): Promise<IssuedToken> {
    const iat = this.nowSeconds();
    // `user` is the claim DirectLineJS reads to learn that the user id is bound by the token.
    const token = await new SignJWT({ conv: conversationId, user: userId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(CONVERSATION_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.conversationTtl)
      .sign(await this.secret);
    return { token, expiresIn: this.conversationTtl };
  }

  async verifyConversationToken(token: string | undefined): Promise<ConversationClaims> {
    const payload = await this.verify(token, CONVERSATION_AUDIENCE);
    const { conv, user, exp } = payload;
    if (typeof conv !== 'string' || typeof user !== 'string' || typeof exp !== 'number') throw new TokenError('invalid');
    return { conversationId: conv, userId: user, exp };
  }

  /** Seconds left before the token expires (never negative). */
  secondsLeft(claims: ConversationClaims): number {
    return Math.max(0, claims.exp - this.nowSeconds());
  }

  /** Resolves once the key is available (rejects when it could not be read). */
  async ready(): Promise<void> {
    await this.secret;
  }

  async issueUserHandle(userId: string): Promise<string> {
    const iat = this.nowSeconds();
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(USER_AUDIENCE)
      .setSubject(userId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.userHandleTtl)
      .sign(await this.secret);
  }

  /** The user id a handle proves, or undefined when it is missing, forged or expired. */
  async userIdFromHandle(handle: unknown): Promise<string | undefined> {
    if (typeof handle !== 'string' || handle.length > 2048) return undefined;
    try {
      const payload = await this.verify(handle, USER_AUDIENCE);
      return typeof payload.sub === 'string' ? payload.sub : undefined;
    } catch {
      return undefined;
    }
  }

  private async verify(token: string | undefined, audience: string): Promise<JWTPayload> {
    if (!token) throw new TokenError('missing');
    const secret = await this.secret;
    try {
      const { payload } = await jwtVerify(token, secret, {
        issuer: ISSUER,
        audience,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      });
      return payload;
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new TokenError('expired');
      throw new TokenError('invalid');
    }
  }
}
