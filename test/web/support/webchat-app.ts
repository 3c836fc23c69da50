// The real app (src/app.ts: restify, CloudAdapter, MongoDB) on a random port with web chat
// registered, for protocol and browser tests. If the composition root does not wire web chat
// yet, it is registered here exactly as the app would.
import type { ActivityHandlerBase } from 'botbuilder';
import type { Db } from 'mongodb';
import { createApp, type App, type AppContext } from '../../../src/app.js';
import { loadConfig, type Config } from '../../../src/config/config.js';
import { silentLogger } from '../../../src/log/logger.js';
import { registerWebChat, type WebChat } from '../../../src/web/index.js';
import { testClient, testDb } from '../../support/db.js';

/** The token key the test apps use, so tests can sign their own (expired, foreign) tokens. */
export const TEST_TOKEN_SECRET = 'test-only-direct-line-token-secret-0123456789';

export interface WebChatTestApp {
  app: App;
  config: Config;
  url: string;
  stop(): Promise<void>;
}

export async function startWebChatApp(
  env: Record<string, string> = {},
  createBot?: (ctx: AppContext) => ActivityHandlerBase,
  options: { db?: Db; beforeStart?: (app: App) => Promise<void> } = {},
): Promise<WebChatTestApp> {
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    SHUTDOWN_TIMEOUT_SECONDS: '5',
    DIRECT_LINE_TOKEN_SECRET: TEST_TOKEN_SECRET,
    DIRECT_LINE_STREAM_POLL_MS: '300',
    ...env,
  });
  // Instances given the same database behave as replicas behind a load balancer.
  const db = options.db ?? (await testDb('webchat'));
  const app = await createApp(config, {
    logger: silentLogger,
    database: { client: await testClient(), db },
    ...(createBot ? { createBot } : {}),
  });
  let webchat: WebChat | undefined;
  if (!app.parts.some((part) => part.name === 'webchat')) {
    webchat = registerWebChat(app.server, {
      config,
      logger: silentLogger,
      db,
      botEndpoint: () => `${app.url}/api/messages`,
      publicUrl: () => app.url ?? '',
    });
  }
  await options.beforeStart?.(app);
  const { url } = await app.start();
  await webchat?.start();
  return {
    app,
    config,
    url,
    async stop() {
      await webchat?.stop();
      await app.stop();
    },
  };
}
