// POST /api/messages: the Bot Framework channel endpoint.
import restify from 'restify';
import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import type { HttpServer } from './http-server.js';
import type { TurnTracker } from './turn-tracker.js';

export interface MessagesRouteDeps {
  adapter: CloudAdapter;
  bot: ActivityHandlerBase;
  turns: TurnTracker;
  /** Largest accepted activity; Teams activities stay far below 1 MB. */
  maxBodyBytes?: number;
}

export const MESSAGES_PATH = '/api/messages';

export function registerMessagesRoute(server: HttpServer, deps: MessagesRouteDeps): void {
  const readBody = restify.plugins.bodyReader({ maxBodySize: deps.maxBodyBytes ?? 1024 * 1024 });
  const parseJson = restify.plugins.jsonBodyParser({ bodyReader: true });
  server.post(MESSAGES_PATH, readBody, ...parseJson, async (req: restify.Request, res: restify.Response) => {
    await deps.turns.track(() => deps.adapter.process(req, res, (context) => deps.bot.run(context)));
  });
}
