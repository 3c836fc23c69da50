// Everything the local Direct Line's routes share, and the two moves they all make: check a
// conversation token, and hand an activity to the bot.
import type { Request, Response } from 'restify';
import { loggedPath } from '../../log/logged-path.js';
import type { Logger } from '../../log/logger.js';
import { BadActivity, botActivityFromConnector, type Account, type DirectLineActivity } from './activity-shape.js';
import { BotUnavailable, postToBot, type BotResponse } from './bot-client.js';
import { ConversationNotFound, type ConversationStore } from './conversation-store.js';
import { HttpError, bearerToken, sendError } from './http.js';
import type { SerialQueue } from './serial-queue.js';
import type { ConversationSignals } from './signals.js';
import { TokenError, type ConversationClaims, type TokenIssuer } from './tokens.js';
import type { UploadStore } from './upload-store.js';
import { TooManyRequests, type DirectLineLimits } from './limits.js';

export interface LocalDirectLineContext {
  store: ConversationStore;
  uploads: UploadStore;
  signals: ConversationSignals;
  tokens: TokenIssuer;
  queue: SerialQueue;
  logger: Logger;
  // Functions: with PORT=0 the URLs are known only once the server listens.
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: () => string;
  /** The `serviceUrl` given to the bot: the base of this server's connector routes. */
  serviceUrl: () => string;
  /** The base of the URLs given to browsers and the bot (stream and download URLs), no trailing slash. */
  publicUrl: () => string;
  bot: Account;
  botTimeoutMs: number;
  maxUploadBytes: number;
  limits: DirectLineLimits;
}

/** Checks the bearer token and that it is for `conversationId`; throws HttpError otherwise. */
export async function authorize(ctx: LocalDirectLineContext, req: Request, conversationId: string): Promise<ConversationClaims> {
  const claims = await verifyBearer(ctx, req);
  if (claims.conversationId !== conversationId) {
    throw new HttpError(403, 'TokenInvalid', 'This token is not valid for this conversation');
  }
  return claims;
}

export async function verifyBearer(ctx: LocalDirectLineContext, req: Request): Promise<ConversationClaims> {
  try {
    return await ctx.tokens.verifyConversationToken(bearerToken(req));
  } catch (err) {
    if (err instanceof TokenError) {
      if (err.problem === 'missing') throw new HttpError(401, 'BadArgument', 'A Bearer token is required');
      if (err.problem === 'expired') throw new HttpError(403, 'TokenExpired', 'Token expired');
      throw new HttpError(403, 'TokenInvalid', 'Token not valid');
    }
    throw err;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Posts an activity to the bot, one at a time per conversation. Replies the bot returns in the
 * HTTP body (deliveryMode expectReplies) are stored like replies posted to the connector routes.
 */
export async function deliverToBot(ctx: LocalDirectLineContext, conversationId: string, activity: DirectLineActivity): Promise<BotResponse> {
  const response = await ctx.queue.run(conversationId, () => postToBot(ctx.botEndpoint(), activity, ctx.botTimeoutMs));
  if (isObject(response.body) && Array.isArray(response.body.activities)) {
    for (const reply of response.body.activities) {
      await ctx.store.append(conversationId, botActivityFromConnector(reply, { conversationId, bot: ctx.bot }));
      ctx.signals.notify(conversationId);
    }
  }
  return response;
}

/** Wraps an async route so that known failures answer in Direct Line's error shape. */
export function route(ctx: LocalDirectLineContext, handler: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await handler(req, res);
    } catch (err) {
      if (res.headersSent) {
        ctx.logger.warn({ err, path: loggedPath(req.path()) }, 'web chat route failed after answering');
        return;
      }
      if (err instanceof TooManyRequests) res.setHeader('Retry-After', String(Math.max(1, err.retryAfterSeconds)));
      if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message);
      if (err instanceof BadActivity) return sendError(res, 400, 'BadArgument', err.message);
      if (err instanceof ConversationNotFound) return sendError(res, 404, 'BadArgument', 'Conversation not found');
      if (err instanceof BotUnavailable) {
        ctx.logger.warn({ err: err.cause, reason: err.reason }, 'bot did not answer the web chat');
        return err.reason === 'timeout'
          ? sendError(res, 504, 'BotTimeout', 'The bot did not answer in time')
          : sendError(res, 502, 'BotNotAvailable', 'The bot is not available');
      }
      ctx.logger.error({ err, path: loggedPath(req.path()) }, 'web chat route failed');
      sendError(res, 500, 'ServiceError', 'Internal error');
    }
  };
}
