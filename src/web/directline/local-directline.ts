// Wires the local Direct Line v3 endpoint into a restify server: client API, connector routes
// for the bot's replies, the WebSocket stream, uploads and their cleanup.
import { ensureRateLimitIndexes } from '../../store/rate-limit.js';
import { DirectLineLimits, type DirectLineLimitOptions } from './limits.js';
import type { Db } from 'mongodb';
import type { Server } from 'restify';
import type { Logger } from '../../log/logger.js';
import type { Account } from './activity-shape.js';
import { registerDirectLineClientRoutes } from './client-routes.js';
import { registerConnectorRoutes } from './connector-routes.js';
import { ConversationStore } from './conversation-store.js';
import type { LocalDirectLineContext } from './context.js';
import { SerialQueue } from './serial-queue.js';
import { ConversationSignals } from './signals.js';
import { attachStreamServer } from './stream.js';
import type { TokenIssuer } from './tokens.js';
import { UploadStore } from './upload-store.js';

export interface LocalDirectLineOptions {
  db: Db;
  logger: Logger;
  tokens: TokenIssuer;
  /** The bot's messaging endpoint; a function when it is known only after listen (PORT=0). */
  botEndpoint: () => string;
  publicUrl: () => string;
  /** Defaults to the origin of botEndpoint: the bot reaches this server there. */
  serviceUrl?: () => string;
  bot: Account;
  maxUploadBytes: number;
  botTimeoutMs?: number;
  uploadRetentionMs?: number;
  conversationRetentionMs?: number;
  streamPollMs?: number;
  limits?: DirectLineLimitOptions;
}

export interface LocalDirectLine {
  /** Starts the upload cleanup timer. */
  start(): Promise<void>;
  /** Stops the timer and closes the open WebSockets. */
  stop(): Promise<void>;
}

/** Indexes of the local Direct Line's collections (idempotent). */
export async function ensureLocalDirectLineIndexes(db: Db): Promise<void> {
  await new ConversationStore(db).ensureIndexes();
  await new UploadStore(db).ensureIndexes();
  await ensureRateLimitIndexes(db);
}

export function registerLocalDirectLine(server: Server, options: LocalDirectLineOptions): LocalDirectLine {
  const store = new ConversationStore(options.db, { retentionMs: options.conversationRetentionMs });
  const uploads = new UploadStore(options.db, options.uploadRetentionMs);
  const signals = new ConversationSignals();
  const ctx: LocalDirectLineContext = {
    store,
    uploads,
    signals,
    tokens: options.tokens,
    queue: new SerialQueue(),
    logger: options.logger,
    botEndpoint: options.botEndpoint,
    serviceUrl: options.serviceUrl ?? (() => new URL(options.botEndpoint()).origin),
    publicUrl: () => options.publicUrl().replace(/\/+$/, ''),
    bot: options.bot,
    botTimeoutMs: options.botTimeoutMs ?? 15_000,
    maxUploadBytes: options.maxUploadBytes,
    limits: new DirectLineLimits(options.db, options.limits),
  };
  registerDirectLineClientRoutes(server, ctx);
  registerConnectorRoutes(server, ctx);
  const stream = attachStreamServer(server.server, {
    store,
    signals,
    tokens: options.tokens,
    logger: options.logger,
    pollMs: options.streamPollMs,
  });

  const sweep = async (): Promise<void> => {
    try {
      const deleted = await uploads.deleteExpired();
      if (deleted > 0) options.logger.info({ deleted }, 'expired web chat uploads deleted');
    } catch (err) {
      options.logger.warn({ err }, 'web chat upload cleanup failed');
    }
  };
  let cleanup: NodeJS.Timeout | undefined;

  return {
    async start() {
      cleanup ??= setInterval(() => void sweep(), 60 * 60 * 1000);
      cleanup.unref();
      void sweep();
    },
    async stop() {
      if (cleanup) clearInterval(cleanup);
      cleanup = undefined;
      await stream.close();
    },
  };
}
