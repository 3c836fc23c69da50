// POST /api/messages: the Bot Framework channel endpoint.
//
// CloudAdapter.process answers some failures itself with the error's text: a body without an activity
// type throws inside it (500), and a token the verifier rejects with anything but AuthenticationError
// (a bad signature, an unknown key) becomes 500 with the verifier's message. The route checks the body
// first (400) and gives the adapter a response that replaces those answers with fixed ones: any
// failure before the turn starts can only be the request's authentication (401).
import restify from 'restify';
import { z } from 'zod';
import type { ActivityHandlerBase, CloudAdapter, Response as BotResponse } from 'botbuilder';
import type { Logger } from '../log/logger.js';
import type { HttpServer } from './http-server.js';
import type { TurnTracker } from './turn-tracker.js';

export interface MessagesRouteDeps {
  adapter: CloudAdapter;
  bot: ActivityHandlerBase;
  turns: TurnTracker;
  logger?: Logger;
  /** Largest accepted activity; Teams activities stay far below 1 MB. */
  maxBodyBytes?: number;
}

export const MESSAGES_PATH = '/api/messages';

export const BAD_ACTIVITY = { code: 'BadRequest', message: 'The body must be a JSON Bot Framework activity with a type' } as const;
export const UNAUTHORIZED = { code: 'Unauthorized', message: 'The request is not authorized' } as const;
export const INTERNAL_ERROR = { code: 'InternalServerError', message: 'Internal server error' } as const;

const activityShape = z.looseObject({ type: z.string().min(1) });

/**
 * What the adapter writes to, passed through to `res` except for error answers: 401 and failures
 * before the turn started get UNAUTHORIZED, other 5xx INTERNAL_ERROR. Invoke responses (2xx-4xx
 * from the bot) go out as the bot made them.
 */
export function guardedResponse(res: restify.Response, turnStarted: () => boolean, onRefused: (status: number, detail: unknown) => void): BotResponse {
  let status = 200;
  let body: unknown;
  const response: BotResponse = {
    socket: res.socket,
    header: (name: string, value: unknown) => res.header(name, value),
    status(code: number) {
      status = code;
      return response;
    },
    send(data: unknown) {
      body = data;
      return response;
    },
    end() {
      if (status === 401 || (status >= 500 && !turnStarted())) {
        onRefused(status, body);
        res.send(401, UNAUTHORIZED);
      } else if (status >= 500) {
        res.send(status, INTERNAL_ERROR);
      } else if (body === undefined) {
        res.status(status);
        res.end();
      } else {
        res.send(status, body);
      }
      return response;
    },
  };
  return response;
}

export function registerMessagesRoute(server: HttpServer, deps: MessagesRouteDeps): void {
  const readBody = restify.plugins.bodyReader({ maxBodySize: deps.maxBodyBytes ?? 1024 * 1024 });
  const parseJson = restify.plugins.jsonBodyParser({ bodyReader: true });
  server.post(MESSAGES_PATH, readBody, ...parseJson, async (req: restify.Request, res: restify.Response) => {
    if (!activityShape.safeParse(req.body).success) {
      res.send(400, BAD_ACTIVITY);
      return;
    }
    let turnStarted = false;
    const guarded = guardedResponse(
      res,
      () => turnStarted,
      // The reason stays in the log; callers only learn they are not authorized.
      (status, detail) => deps.logger?.warn({ status, reason: typeof detail === 'string' ? detail.slice(0, 200) : undefined }, 'activity refused: not authorized'),
    );
    await deps.turns.track(() =>
      deps.adapter.process(req, guarded, (context) => {
        turnStarted = true;
        return deps.bot.run(context);
      }),
    );
  });
}
