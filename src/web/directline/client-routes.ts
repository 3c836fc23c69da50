// The Direct Line v3 API that Web Chat (DirectLineJS) and curl talk to, at /v3/directline.
import { randomUUID } from 'node:crypto';
import type { Response, Server } from 'restify';
import { conversationStarted, userActivityFromClient, type DirectLineActivity } from './activity-shape.js';
import { authorize, deliverToBot, route, verifyBearer, type LocalDirectLineContext } from './context.js';
import { clientActivityIdOf, type ConversationDoc } from './conversation-store.js';
import { HttpError, queryParam, readJson, sendJson } from './http.js';
import { CLIENT_USER_ID, isReservedUserId, newConversationId, newUserId } from './ids.js';
import { parseWatermark } from './stream.js';
import { readUploadForm } from './upload-form.js';

export const DIRECT_LINE_BASE = '/v3/directline';
/** Uploaded files are served under this path (publicUrl + this + key/name); the bot fetches them. */
export const ATTACHMENTS_PATH = `${DIRECT_LINE_BASE}/attachments/`;
const MAX_ACTIVITY_BYTES = 300 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function streamUrl(ctx: LocalDirectLineContext, conversationId: string, token: string, watermark?: string): string {
  const base = ctx.publicUrl().replace(/^http/, 'ws');
  const query = new URLSearchParams({ ...(watermark ? { watermark } : {}), t: token });
  return `${base}${DIRECT_LINE_BASE}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
}

export function downloadUrl(ctx: LocalDirectLineContext, key: string, filename: string): string {
  return `${ctx.publicUrl()}${ATTACHMENTS_PATH}${key}/${encodeURIComponent(filename)}`;
}

/**
 * What a client proposes when starting a conversation without a token. `dl_` ids are the ones this
 * server binds into tokens (the web chat page's users, whose cases follow the id): a client without a
 * token proposing one would take over that user's identity and cases, so, as on Azure, they are refused.
 */
function startRequest(body: unknown): { userId?: string; locale?: string } {
  if (!isObject(body)) return {};
  const user = isObject(body.user) && typeof body.user.id === 'string' ? body.user.id : undefined;
  if (user !== undefined && !CLIENT_USER_ID.test(user)) throw new HttpError(400, 'BadArgument', 'user.id is not a valid user id');
  if (user !== undefined && isReservedUserId(user)) throw new HttpError(400, 'BadArgument', 'user ids starting with dl_ are given by the server only');
  const locale = typeof body.locale === 'string' && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}$/.test(body.locale) ? body.locale : undefined;
  return { userId: user, locale };
}

async function requireConversation(ctx: LocalDirectLineContext, conversationId: string): Promise<ConversationDoc> {
  const conversation = await ctx.store.get(conversationId);
  if (!conversation) throw new HttpError(404, 'BadArgument', 'Conversation not found');
  return conversation;
}

/**
 * Stores the user's activity (the echo Web Chat waits for), gives it to the bot, and answers.
 * Web Chat's Retry resends an activity with the same clientActivityID after an error it saw, though
 * the first post may have been stored or even processed: a stored one is not stored again, and is
 * sent to the bot again (same id, which the bot's dedup recognises) only if the bot never took it.
 * Invokes are always sent: their response cannot be replayed.
 */
async function postUserActivity(ctx: LocalDirectLineContext, res: Response, conversationId: string, activity: DirectLineActivity): Promise<void> {
  const clientId = activity.type === 'invoke' ? undefined : clientActivityIdOf(activity);
  const earlier = clientId ? await ctx.store.findClientActivity(conversationId, clientId) : undefined;
  if (earlier?.delivered) return sendJson(res, 200, { id: earlier.activity.id });
  const stored = earlier?.activity ?? (await ctx.store.append(conversationId, activity));
  if (!earlier) ctx.signals.notify(conversationId);
  const response = await deliverToBot(ctx, conversationId, stored);
  if (response.status < 400 && clientId) await ctx.store.markDelivered(stored.id);
  if (stored.type === 'invoke') {
    // The invoke response is passed back as is: its status, and its body next to the id.
    return sendJson(res, response.status, { id: stored.id, status: response.status, body: response.body ?? null });
  }
  if (response.status >= 400) {
    ctx.logger.warn({ status: response.status, conversationId }, 'bot refused a web chat activity');
    throw new HttpError(502, 'BotError', 'Failed to send activity: bot returned an error');
  }
  sendJson(res, 200, { id: stored.id });
}

export function registerDirectLineClientRoutes(server: Server, ctx: LocalDirectLineContext): void {
  const base = DIRECT_LINE_BASE;

  // Without a token (local mode only) a client may start an anonymous conversation, as the
  // Emulator does; with one, the token names the conversation to start or resume.
  server.post(`${base}/conversations`, route(ctx, async (req, res) => {
    await ctx.limits.fromAddress(req);
    const body = await readJson(req, 16 * 1024);
    // With a token the token's user counts; a proposed id matters (and is checked) only without one.
    const proposed = req.headers.authorization ? { locale: startRequest({ locale: isObject(body) ? body.locale : undefined }).locale } : startRequest(body);
    let conversationId: string;
    let userId: string;
    let token: string;
    let expiresIn: number;
    if (req.headers.authorization) {
      const claims = await verifyBearer(ctx, req);
      ({ conversationId, userId } = claims);
      token = req.headers.authorization.replace(/^Bearer\s+/i, '').trim();
      expiresIn = ctx.tokens.secondsLeft(claims);
    } else {
      conversationId = newConversationId();
      userId = proposed.userId ?? newUserId();
      ({ token, expiresIn } = await ctx.tokens.issueConversationToken(conversationId, userId));
    }
    const created = await ctx.store.create(conversationId, userId, proposed.locale);
    if (created) {
      const activity = conversationStarted({
        conversationId,
        user: { id: userId, role: 'user' },
        bot: ctx.bot,
        serviceUrl: ctx.serviceUrl(),
        locale: proposed.locale,
        id: randomUUID(),
        timestamp: new Date().toISOString(),
      });
      try {
        const response = await deliverToBot(ctx, conversationId, activity);
        if (response.status >= 400) ctx.logger.warn({ status: response.status, conversationId }, 'bot refused the conversation start');
      } catch (err) {
        // The conversation exists either way; the user can still write to the bot.
        ctx.logger.warn({ err, conversationId }, 'bot did not take the conversation start');
      }
    }
    sendJson(res, created ? 201 : 200, {
      conversationId,
      token,
      expires_in: expiresIn,
      streamUrl: streamUrl(ctx, conversationId, token),
      referenceGrammarId: '',
    });
  }));

  // DirectLineJS calls this to get a fresh streamUrl after its WebSocket dropped.
  server.get(`${base}/conversations/:conversationId`, route(ctx, async (req, res) => {
    const conversationId = String(req.params.conversationId);
    const claims = await authorize(ctx, req, conversationId);
    await requireConversation(ctx, conversationId);
    const token = req.headers.authorization!.replace(/^Bearer\s+/i, '').trim();
    const watermark = queryParam(req, 'watermark');
    sendJson(res, 200, {
      conversationId,
      token,
      expires_in: ctx.tokens.secondsLeft(claims),
      streamUrl: streamUrl(ctx, conversationId, token, watermark && /^\d+$/.test(watermark) ? watermark : undefined),
    });
  }));

  server.get(`${base}/conversations/:conversationId/activities`, route(ctx, async (req, res) => {
    const conversationId = String(req.params.conversationId);
    await authorize(ctx, req, conversationId);
    await requireConversation(ctx, conversationId);
    const page = await ctx.store.after(conversationId, parseWatermark(queryParam(req, 'watermark')));
    sendJson(res, 200, { activities: page.activities, watermark: String(page.watermark) });
  }));

  server.post(`${base}/conversations/:conversationId/activities`, route(ctx, async (req, res) => {
    const conversationId = String(req.params.conversationId);
    const claims = await authorize(ctx, req, conversationId);
    await ctx.limits.post(req, conversationId);
    await requireConversation(ctx, conversationId);
    const raw = await readJson(req, MAX_ACTIVITY_BYTES);
    const activity = userActivityFromClient(raw, {
      conversationId,
      user: { id: claims.userId, role: 'user' },
      bot: ctx.bot,
      serviceUrl: ctx.serviceUrl(),
    });
    await postUserActivity(ctx, res, conversationId, activity);
  }));

  // Web Chat's paperclip: the files are stored here and the bot gets their download URLs.
  server.post(`${base}/conversations/:conversationId/upload`, route(ctx, async (req, res) => {
    const conversationId = String(req.params.conversationId);
    const claims = await authorize(ctx, req, conversationId);
    await ctx.limits.post(req, conversationId);
    await requireConversation(ctx, conversationId);
    // Read (into memory, up to the size limit) and stored only while an upload slot is free: memory stays bounded.
    const activity = await ctx.limits.upload(async () => {
      const form = await readUploadForm(req, ctx.maxUploadBytes);
      const template = userActivityFromClient(form.activity, {
        conversationId,
        user: { id: claims.userId, role: 'user' },
        bot: ctx.bot,
        serviceUrl: ctx.serviceUrl(),
      });
      // A retried upload whose message was stored already: keep the first files, store none again.
      const clientId = clientActivityIdOf(template);
      if (clientId && (await ctx.store.findClientActivity(conversationId, clientId))) return template;
      const attachments = [];
      for (const file of form.files) {
        const saved = await ctx.uploads.save(file.bytes, file.name, { conversationId, userId: claims.userId, contentType: file.contentType });
        attachments.push({ contentType: file.contentType, contentUrl: downloadUrl(ctx, saved.id, file.name), name: file.name });
      }
      return { ...template, type: template.type, attachments };
    });
    await postUserActivity(ctx, res, conversationId, activity);
  }));

  server.post(`${base}/tokens/refresh`, route(ctx, async (req, res) => {
    const claims = await verifyBearer(ctx, req);
    await requireConversation(ctx, claims.conversationId);
    const { token, expiresIn } = await ctx.tokens.issueConversationToken(claims.conversationId, claims.userId);
    sendJson(res, 200, { conversationId: claims.conversationId, token, expires_in: expiresIn });
  }));

  // Local stand-in for Azure's secret-protected call: a token for a new conversation.
  server.post(`${base}/tokens/generate`, route(ctx, async (req, res) => {
    await ctx.limits.fromAddress(req);
    const proposed = startRequest(await readJson(req, 16 * 1024));
    const conversationId = newConversationId();
    const userId = proposed.userId ?? newUserId();
    const { token, expiresIn } = await ctx.tokens.issueConversationToken(conversationId, userId);
    sendJson(res, 200, { conversationId, token, expires_in: expiresIn });
  }));

  server.get(`${ATTACHMENTS_PATH}:key/:name`, route(ctx, async (req, res) => {
    const upload = await ctx.uploads.open(String(req.params.key));
    if (!upload) throw new HttpError(404, 'NotFound', 'No such attachment');
    serveUpload(res, upload.filename, upload.contentType, upload.length, upload.stream());
    await new Promise<void>((resolve) => res.on('close', resolve));
  }));
}

const INLINE_TYPES = /^image\/(png|jpeg|gif|webp)$|^audio\/|^video\//;

/** Sends an uploaded file so that it can never run as a page of this site. */
function serveUpload(res: Response, filename: string, contentType: string, length: number, body: NodeJS.ReadableStream): void {
  const type = /^[\w.+-]+\/[\w.+-]+$/.test(contentType) ? contentType : 'application/octet-stream';
  const disposition = INLINE_TYPES.test(type) ? 'inline' : 'attachment';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': String(length),
    'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, max-age=3600',
  });
  body.on('error', () => res.destroy());
  body.pipe(res);
}

