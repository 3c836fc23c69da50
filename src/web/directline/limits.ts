// Load limits of the local Direct Line, as Azure's service has them: posts per conversation and
// requests per client address, counted in MongoDB (shared by instances), refused with 429 and
// Retry-After; and a cap on uploads read at the same time, so their memory stays bounded.
import type { Db } from 'mongodb';
import type { Request } from 'restify';
import { SharedRateLimit, type Quota } from '../../store/rate-limit.js';
import { HttpError } from './http.js';

export interface DirectLineLimitOptions {
  /** Activities and uploads posted to one conversation; default 20 per 10 s. */
  perConversation?: Quota;
  /** Requests that start conversations, issue tokens or post, from one client address; default 300 a minute. */
  perAddress?: Quota;
  /** Uploads read at once by this instance; default 4 (each at most the upload limit in memory). */
  concurrentUploads?: number;
}

export class TooManyRequests extends HttpError {
  constructor(readonly retryAfterSeconds: number, message: string) {
    super(429, 'TooManyRequests', message);
  }
}

export class DirectLineLimits {
  private readonly conversation: SharedRateLimit;
  private readonly address: SharedRateLimit;
  private readonly maxUploads: number;
  private uploads = 0;

  constructor(db: Db, options: DirectLineLimitOptions = {}) {
    this.conversation = new SharedRateLimit(db, 'dl-conversation', options.perConversation ?? { points: 20, windowMs: 10_000 }, { blockInMemory: true });
    this.address = new SharedRateLimit(db, 'dl-address', options.perAddress ?? { points: 300, windowMs: 60_000 }, { blockInMemory: true });
    this.maxUploads = options.concurrentUploads ?? 4;
  }

  /** Counts a request from the client's address; TooManyRequests when over the limit. */
  async fromAddress(req: Request): Promise<void> {
    const took = await this.address.take(clientAddress(req));
    if (!took.ok) throw new TooManyRequests(Math.ceil(took.retryAfterMs / 1000), 'Too many requests from this address; try again later');
  }

  /** Counts a post to the conversation (and from the address). */
  async post(req: Request, conversationId: string): Promise<void> {
    await this.fromAddress(req);
    const took = await this.conversation.take(conversationId);
    if (!took.ok) throw new TooManyRequests(Math.ceil(took.retryAfterMs / 1000), 'Too many activities in this conversation; try again later');
  }

  /** Runs `read` if an upload slot is free (else 429), freeing the slot when it ends. */
  async upload<T>(read: () => Promise<T>): Promise<T> {
    if (this.uploads >= this.maxUploads) throw new TooManyRequests(2, 'Too many uploads at once; try again in a moment');
    this.uploads += 1;
    try {
      return await read();
    } finally {
      this.uploads -= 1;
    }
  }
}

function clientAddress(req: Request): string {
  return req.socket?.remoteAddress ?? 'unknown';
}
