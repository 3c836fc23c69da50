// Links that let a party open an evidence file from a card or an email: short-lived, signed for one
// member and one file of one case (HS256 JWT, jose). The link alone is not enough: the route also
// checks that the member is still a party of the case before it sends a byte.
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export const DOWNLOAD_PATH = '/files';
const AUDIENCE = 'evidence-download';
export const DEFAULT_LINK_TTL_SECONDS = 15 * 60;

export interface DownloadClaims {
  memberId: string;
  caseNumber: string;
  fileId: string;
}

export type DownloadLinkProblem = 'expired' | 'invalid';

export class DownloadLinkError extends Error {
  constructor(readonly problem: DownloadLinkProblem) {
    super(problem === 'expired' ? 'This file link has expired.' : 'This file link is not valid.');
    this.name = 'DownloadLinkError';
  }
}

export interface DownloadLinksOptions {
  /** The signing key; read once, on first use (a failed read is tried again next time). */
  key: () => Promise<Uint8Array>;
  /** The server's public base URL, e.g. https://bot.example.com (no trailing slash). */
  publicUrl: () => string;
  ttlSeconds?: number;
  clock?: () => Date;
}

export class DownloadLinks {
  private readonly ttlSeconds: number;
  private readonly clock: () => Date;
  private keyPromise?: Promise<Uint8Array>;

  constructor(private readonly options: DownloadLinksOptions) {
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_LINK_TTL_SECONDS;
    this.clock = options.clock ?? (() => new Date());
  }

  private key(): Promise<Uint8Array> {
    this.keyPromise ??= this.options.key().catch((err: unknown) => {
      this.keyPromise = undefined;
      throw err;
    });
    return this.keyPromise;
  }

  /** A fresh link for this member to this file; every call gives a new one. */
  async issue(claims: DownloadClaims): Promise<string> {
    const now = Math.floor(this.clock().getTime() / 1000);
    const token = await new SignJWT({ c: claims.caseNumber, f: claims.fileId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.memberId)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .setJti(randomUUID())
      .sign(await this.key());
    return `${this.options.publicUrl()}${DOWNLOAD_PATH}/${token}`;
  }

  /** The claims of a link's token; DownloadLinkError when it is altered, foreign or expired. */
  async verify(token: string): Promise<DownloadClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.key(), {
        algorithms: ['HS256'],
        audience: AUDIENCE,
        currentDate: this.clock(),
        clockTolerance: 0,
      });
      const { sub, c, f } = payload;
      if (typeof sub !== 'string' || typeof c !== 'string' || typeof f !== 'string') throw new DownloadLinkError('invalid');
      return { memberId: sub, caseNumber: c, fileId: f };
    } catch (err) {
      if (err instanceof DownloadLinkError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new DownloadLinkError('expired');
      throw new DownloadLinkError('invalid');
    }
  }
}
