// The reference bot of `npm run bench:compare`: a bare echo bot with the app's own HTTP shape — the same
// restify server (createHttpServer), CloudAdapter (createAdapter) and /api/messages route with its
// body limit and turn tracking — and nothing else: no state, no database, no cards.
import { ActivityHandler } from 'botbuilder';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/log/logger.js';
import { createAdapter } from '../../src/server/adapter.js';
import { createHttpServer } from '../../src/server/http-server.js';
import { registerMessagesRoute } from '../../src/server/messages-route.js';
import { TurnTracker } from '../../src/server/turn-tracker.js';

export interface EchoBot {
  url: string;
  close(): Promise<void>;
}

class Echo extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const { text, value } = context.activity;
      await context.sendActivity(value !== undefined ? `echo: ${JSON.stringify(value)}` : `echo: ${text ?? ''}`);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await context.sendActivity('hello');
      await next();
    });
  }
}

export async function startEchoBot(logger: Logger): Promise<EchoBot> {
  const adapter = createAdapter({ authEnabled: false, MicrosoftAppType: 'SingleTenant' }, logger);
  const turns = new TurnTracker();
  adapter.use({ onTurn: (_context, next) => turns.track(next) });
  const server = createHttpServer({ logger, gate: { stopping: false } });
  registerMessagesRoute(server, { adapter, bot: new Echo(), turns });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
