/**
 * Composition root: builds every part of the bot server from a validated Config.
 *
 *   const app = await createApp(config, { logger });   // connects MongoDB, creates indexes, registers routes
 *   const { url } = await app.start();                  // listens, then starts background parts
 *   await app.stop();                                   // graceful: 503 to new requests, parts stopped,
 *                                                       // turns in flight finished, database closed
 *
 * API
 *   createApp(config: Config, deps: AppDeps): Promise<App>
 *   AppDeps   { logger; clock?: () => Date; database?: { client, db } (used, not closed); createBot?: (ctx) => bot }
 *   AppContext (what every part may use)
 *             { config, logger, clock, server (restify), adapter (CloudAdapter), client (MongoClient), db (Db),
 *               storage (MongoStorage), conversationState, userState, turns (TurnTracker), gate,
 *               baseUrl(): string, publicUrl(): string }   (functions: with PORT=0 the port is known after start)
 *   App       AppContext & { bot, parts, url?, start(): Promise<{ url }>, stop(): Promise<void> }
 *   AppPart   { name; start?(); stop?() } — returned by route modules/background services that own resources.
 *
 * Plugging in a part: edit only the WIRING section below.
 *   - indexes:   add the module's idempotent `(db) => Promise<void>` to INDEX_SETUPS;
 *   - the bot:   createDefaultBot() builds the ActivityHandler;
 *   - routes and services: add `registerXxxRoutes(ctx.server, deps)` / `createXxx(deps)` to registerParts(),
 *     returning an AppPart when it must start or stop something (schedulers, WebSocket servers).
 *
 * HTTP notes
 *   - No body parser is installed globally. /api/messages has its own JSON parser (1 MB limit); other
 *     routes choose theirs (restify.plugins.bodyReader/jsonBodyParser per route, or read the raw stream
 *     for uploads). `ctx.server.server` is the underlying node http.Server: WebSocket upgrades attach
 *     with `ctx.server.server.on('upgrade', ...)`; serve static files with restify.plugins.serveStatic.
 *   - Every bot turn, including proactive ones (adapter.continueConversationAsync) and turns started
 *     outside /api/messages (adapter.processActivityDirect), is counted by a turn-tracking middleware on
 *     the adapter, so stop() waits for it. Other request work that must finish before the database
 *     closes can use `ctx.turns.track(() => work())`.
 *   - Bot state is saved by the bot that uses it, once at the end of each successful turn (ComplaintBot.run:
 *     conversation + user state, with eTags); the adapter has no state middleware.
 *   - Every activity in and out (proactive sends too) is stored in the transcript (src/conversations) by
 *     src/server/transcript-recorder.ts, inside the turn.
 */
import type { AddressInfo } from 'node:net';
import {
  ConversationState,
  UserState,
  type ActivityHandlerBase,
  type CloudAdapter,
} from 'botbuilder';
import type { Db, MongoClient } from 'mongodb';
import type { Config } from './config/config.js';
import type { Logger } from './log/logger.js';
import { createComplaintBot } from './bot/complaint-bot.js';
import { createDraftEvidenceSweep } from './bot/draft-evidence-sweep.js';
import { ensureProcessedActivityIndexes } from './bot/activity-dedup.js';
import { ensureCaseIndexes } from './cases/index.js';
import { ensureRateLimitIndexes } from './store/rate-limit.js';
import { ensureMemberIndexes } from './identity/index.js';
import { ensureNotifyIndexes } from './notify/index.js';
import { createServices, type Services } from './services.js';
import { registerEvidenceDownload } from './web/evidence-download-route.js';
import { ATTACHMENTS_PATH, DIRECT_LINE_BASE, ensureWebChatIndexes, registerWebChat } from './web/index.js';
import { createAdapter } from './server/adapter.js';
import { registerHealthRoutes } from './server/health-routes.js';
import { acceptUpgrades, createHttpServer, type HttpServer, type ServerGate } from './server/http-server.js';
import { registerMessagesRoute } from './server/messages-route.js';
import { exemptLoopbackFromProxy } from './server/proxy.js';
import { TurnTracker } from './server/turn-tracker.js';
import { connectDatabase, ensureIndexes, type IndexSetup } from './store/connect.js';
import { MongoStorage, ensureBotStateIndexes } from './store/mongo-storage.js';
import { EvidenceStore } from './evidence/index.js';
import { ensureSupportIndexes, registerSupportDesk } from './support/index.js';
import { registerStaticAsset } from './web/static-assets.js';
import { ensureTranscriptIndexes } from './conversations/transcript-store.js';
import { ensureHandoffIndexes, handoffTimeoutSweep } from './conversations/handoff-sweep.js';
import { transcriptRecorder } from './server/transcript-recorder.js';

export interface AppDeps {
  logger: Logger;
  /** Injected clock (tests); defaults to the system clock. */
  clock?: () => Date;
  /** An already connected database (tests: testDb()). The app uses it and does not close it. */
  database?: { client: MongoClient; db: Db };
  /** Replaces the bot built in createDefaultBot (tests, experiments). */
  createBot?: (ctx: AppContext) => ActivityHandlerBase;
}

/** The shared services every part may use. */
export interface AppContext {
  config: Config;
  logger: Logger;
  clock: () => Date;
  server: HttpServer;
  adapter: CloudAdapter;
  client: MongoClient;
  db: Db;
  storage: MongoStorage;
  conversationState: ConversationState;
  userState: UserState;
  turns: TurnTracker;
  gate: ServerGate;
  /** The URL this server listens on, e.g. http://127.0.0.1:3978 (the real port once started, also with PORT=0). */
  baseUrl(): string;
  /** The URL browsers and emails use: PUBLIC_URL when set, else baseUrl(). */
  publicUrl(): string;
  /** Domain services (cases, members, evidence, FAQ, mail, notifications), shared by bot and routes. */
  services: Services;
}

/** Something that owns a resource with a lifetime: started after listen, stopped first on shutdown. */
export interface AppPart {
  name: string;
  start?(): void | Promise<void>;
  /** Stop taking new work; resolve when the part's own work is done or abandoned. */
  stop?(): void | Promise<void>;
}

export interface App extends AppContext {
  bot: ActivityHandlerBase;
  parts: AppPart[];
  /** The base URL the server listens on, once started (PORT=0 picks a free port). */
  url?: string;
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

// ─── WIRING: the one place where parts are plugged in ───────────────────────────────────────────

/** Index setups run at every start; each must be idempotent. */
const INDEX_SETUPS: IndexSetup[] = [
  ensureBotStateIndexes,
  ensureCaseIndexes,
  ensureMemberIndexes,
  ensureRateLimitIndexes,
  ensureProcessedActivityIndexes,
  ensureNotifyIndexes,
  ensureWebChatIndexes,
  ensureTranscriptIndexes,
  ensureHandoffIndexes,
  (db) => new EvidenceStore(db).ensureIndexes(),
  ensureSupportIndexes,
];

/** The Complaint Center bot (src/bot) on the app's state and services. */
function createDefaultBot(ctx: AppContext): ActivityHandlerBase {
  const { services } = ctx;
  return createComplaintBot({
    conversationState: ctx.conversationState,
    userState: ctx.userState,
    caseService: services.cases,
    memberService: services.members,
    evidenceStore: services.evidence,
    faq: services.faq,
    config: ctx.config,
    logger: ctx.logger.child({ component: 'bot' }),
    clock: ctx.clock,
    db: ctx.db,
    attachmentFetch: { trustedPrefixes: services.trustedAttachmentPrefixes },
    downloadLinks: services.downloadLinks,
    handoffs: services.handoffs,
    transcripts: services.transcripts,
  });
}

/** Routes and background services, in start order (stopped in reverse). */
function registerParts(ctx: AppContext, bot: ActivityHandlerBase): Array<AppPart | void> {
  const { services } = ctx;
  const webChat = registerWebChat(ctx.server, {
    config: ctx.config,
    logger: ctx.logger,
    db: ctx.db,
    botEndpoint: () => `${ctx.baseUrl()}/api/messages`,
    publicUrl: ctx.publicUrl,
  });
  // The local Direct Line's stream is the only WebSocket; any other upgrade is refused at once.
  if (webChat.mode === 'local') acceptUpgrades(ctx.server, `${DIRECT_LINE_BASE}/`);
  return [
    registerHealthRoutes(ctx.server, { db: ctx.db, gate: ctx.gate }),
    registerMessagesRoute(ctx.server, { adapter: ctx.adapter, bot, turns: ctx.turns, logger: ctx.logger.child({ component: 'messages' }) }),
    {
      // The bot may fetch uploads from this server's own local Direct Line although it is on loopback.
      name: 'attachment-prefixes',
      start() {
        const prefixes = new Set([`${ctx.baseUrl()}${ATTACHMENTS_PATH}`, `${ctx.publicUrl()}${ATTACHMENTS_PATH}`]);
        services.trustedAttachmentPrefixes.splice(0, services.trustedAttachmentPrefixes.length, ...prefixes);
      },
    },
    webChat,
    registerEvidenceDownload(ctx.server, { links: services.downloadLinks, members: services.members, cases: services.cases, evidence: services.evidence, logger: ctx.logger }),
    registerSupportDesk(ctx.server, {
      config: ctx.config, db: ctx.db, cases: services.cases, evidence: services.evidence, mailer: services.mailer,
      logger: ctx.logger, clock: ctx.clock, publicUrl: ctx.publicUrl, serveAsset: registerStaticAsset,
    }),
    services.notifications,
    { name: 'mailer', stop: () => services.mailer.close() },
    handoffTimeoutSweep(services.handoffs, ctx.logger.child({ component: 'handoffs' })),
    createDraftEvidenceSweep({ evidence: services.evidence, clock: ctx.clock, logger: ctx.logger.child({ component: 'draft-evidence-sweep' }) }),
  ];
}

// ─── end of WIRING ──────────────────────────────────────────────────────────────────────────────

export async function createApp(config: Config, deps: AppDeps): Promise<App> {
  const logger = deps.logger;
  const clock = deps.clock ?? (() => new Date());

  // Before any connector client exists: replies to a loopback serviceUrl must not go to a proxy.
  exemptLoopbackFromProxy(process.env);

  const database = deps.database
    ? { ...deps.database, close: async () => undefined }
    : await connectDatabase({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB, dataDir: config.DATA_DIR, logger });
  const { client, db } = database;

  try {
    await ensureIndexes(db, INDEX_SETUPS);
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }

  const storage = new MongoStorage(db, { clock });
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const turns = new TurnTracker();
  const gate: ServerGate = { stopping: false };

  const adapter = createAdapter(config, logger.child({ component: 'adapter' }));
  adapter.use({ onTurn: (_context, next) => turns.track(next) });

  const server = createHttpServer({ logger, gate });
  const shownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  let listeningPort: number | undefined;
  const baseUrl = (): string => `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${listeningPort ?? config.PORT}`;
  const publicUrl = (): string => (config.PUBLIC_URL ? config.publicUrl : baseUrl());
  const services = createServices({ config, db, adapter, logger, clock, publicUrl });
  // Every activity in and out, proactive ones included, stored before the turn counts as finished.
  adapter.use(transcriptRecorder(services.transcripts, logger.child({ component: 'transcripts' })));
  const ctx: AppContext = {
    config, logger, clock, server, adapter, client, db, storage, conversationState, userState, turns, gate, baseUrl, publicUrl, services,
  };
  const bot = (deps.createBot ?? createDefaultBot)(ctx);
  const parts = registerParts(ctx, bot).filter((p): p is AppPart => Boolean(p));

  let stopping: Promise<void> | undefined;
  const app: App = {
    ...ctx,
    bot,
    parts,
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { port } = server.server.address() as AddressInfo;
      listeningPort = port;
      app.url = baseUrl();
      for (const part of parts) await part.start?.();
      if (!config.authEnabled && config.HOST && config.HOST !== config.host) {
        logger.warn({ HOST: config.HOST }, 'HOST is ignored in local mode (no MicrosoftAppId): serving 127.0.0.1 only');
      }
      if (config.authEnabled) {
        logger.info({ url: app.url, host: config.host, port }, `listening at ${app.url} (Bot Framework authentication on)`);
      } else {
        logger.info(
          { url: app.url, host: config.host, port },
          `listening at ${app.url}: local mode, Bot Framework authentication is off (no MicrosoftAppId), so only 127.0.0.1 is served`,
        );
      }
      return { url: app.url };
    },
    stop() {
      stopping ??= stopApp();
      return stopping;
    },
  };

  async function stopApp(): Promise<void> {
    const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_SECONDS * 1000;
    const left = (): number => Math.max(0, deadline - Date.now());
    gate.stopping = true;
    logger.info({ turnsInFlight: turns.inFlight }, 'shutting down');
    for (const part of [...parts].reverse()) {
      try {
        await part.stop?.();
      } catch (err) {
        logger.error({ err, part: part.name }, 'part failed to stop');
      }
    }
    const listening = server.server.listening;
    const closed = listening
      ? new Promise<void>((resolve) => server.close(() => resolve()))
      : Promise.resolve();
    // Keep-alive connections that become idle once their request is answered are closed as they go.
    const sweeper = setInterval(() => server.server.closeIdleConnections(), 100);
    if (!(await turns.drain(left()))) logger.warn({ turnsInFlight: turns.inFlight }, 'turns still running at the shutdown deadline');
    // Requests still open after the deadline (long polls, WebSockets) are cut.
    const timer = setTimeout(() => server.server.closeAllConnections(), left());
    await closed;
    clearTimeout(timer);
    clearInterval(sweeper);
    await database.close();
    logger.info('stopped');
  }

  return app;
}
