// The connector side: the bot's replies arrive here because the activities it receives carry
// this server's base URL as `serviceUrl` (the same Bot Connector API that Azure channels serve).
// Local mode only runs without Bot Framework authentication and bound to loopback; what guards a
// conversation here is its long random id.
import { randomUUID } from 'node:crypto';
import type { Request, Server } from 'restify';
import { botActivityFromConnector, isDeliverable } from './activity-shape.js';
import { route, type LocalDirectLineContext } from './context.js';
import { HttpError, readJson, sendJson } from './http.js';

const MAX_BOT_ACTIVITY_BYTES = 1024 * 1024;

export function registerConnectorRoutes(server: Server, ctx: LocalDirectLineContext): void {
  const receive = (withReplyTo: boolean) => route(ctx, async (req: Request, res) => {
    const conversationId = String(req.params.conversationId);
    const conversation = await ctx.store.get(conversationId);
    if (!conversation) throw new HttpError(404, 'ConversationNotFound', 'Conversation not found');
    const raw = await readJson(req, MAX_BOT_ACTIVITY_BYTES);
    const activity = botActivityFromConnector(raw, {
      conversationId,
      bot: ctx.bot,
      replyToId: withReplyTo ? String(req.params.activityId) : undefined,
    });
    if (!isDeliverable(activity)) return sendJson(res, 200, { id: randomUUID() });
    const stored = await ctx.store.append(conversationId, {
      ...activity,
      recipient: activity.recipient ?? { id: conversation.userId, role: 'user' },
    });
    ctx.signals.notify(conversationId);
    sendJson(res, 200, { id: stored.id });
  });

  server.post('/v3/conversations/:conversationId/activities', receive(false));
  server.post('/v3/conversations/:conversationId/activities/:activityId', receive(true));

  const notSupported = (what: string) => route(ctx, async () => {
    throw new HttpError(405, 'NotSupported', `${what} is not supported by the local Direct Line`);
  });
  server.put('/v3/conversations/:conversationId/activities/:activityId', notSupported('Updating an activity'));
  server.del('/v3/conversations/:conversationId/activities/:activityId', notSupported('Deleting an activity'));
  server.post('/v3/conversations', notSupported('Creating a conversation'));

  server.get('/v3/conversations/:conversationId/members', route(ctx, async (req, res) => {
    const conversation = await ctx.store.get(String(req.params.conversationId));
    if (!conversation) throw new HttpError(404, 'ConversationNotFound', 'Conversation not found');
    sendJson(res, 200, [{ id: conversation.userId, role: 'user' }, ctx.bot]);
  }));
}
