// The web chat surface of the bot's server: the page at /, its static files, the token endpoint
// and, in local mode, the Direct Line v3–compatible endpoint. Independent of the bot's code: it
// reaches the bot only by HTTP at `botEndpoint`, like Azure's channels do.
import type { Db } from 'mongodb';
import type { Server } from 'restify';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { registerCors } from './cors.js';
import { DIRECT_LINE_BASE } from './directline/client-routes.js';
import { ensureLocalDirectLineIndexes, registerLocalDirectLine, type LocalDirectLine } from './directline/local-directline.js';
import { resolveTokenSecret } from './directline/token-secret.js';
import { TokenIssuer } from './directline/tokens.js';
import { registerStaticAsset, webChatAssets } from './static-assets.js';
import { TOKEN_PATH, registerTokenEndpoint, type WebChatMode } from './token-endpoint.js';
import { registerWebChatPage } from './webchat-page.js';
import { PRIVACY_PATH, TERMS_PATH, registerLegalPages } from './legal-pages.js';

export type WebChatConfig = Pick<
  Config,
  | 'PLATFORM_NAME'
  | 'SUPPORT_EMAIL'
  | 'EVIDENCE_MAX_FILE_MB'
  | 'PRIVACY_URL'
  | 'TERMS_URL'
  | 'WEB_CHAT'
  | 'DIRECT_LINE_SECRET'
  | 'DIRECT_LINE_TOKEN_SECRET'
  | 'DIRECT_LINE_ENDPOINT'
  | 'DIRECT_LINE_UPLOAD_MAX_MB'
  | 'DIRECT_LINE_BOT_TIMEOUT_SECONDS'
  | 'DIRECT_LINE_STREAM_POLL_MS'
  | 'authEnabled'
  | 'MicrosoftAppId'
>;

/** A URL, or a function giving it once known (with PORT=0 the port is known only after listen). */
export type UrlSource = string | (() => string);

export interface WebChatDeps {
  config: WebChatConfig;
  logger: Logger;
  /** Direct Line conversations, activities, uploads and the token key live here. */
  db: Db;
  /** The bot's messaging endpoint on this server, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: UrlSource;
  /** The URL browsers use to reach this server (config.publicUrl). */
  publicUrl: UrlSource;
  /** Overrides of the configured local Direct Line timings. */
  tuning?: { streamPollMs?: number; botTimeoutMs?: number; conversationTokenTtlSeconds?: number };
}

/** An app part (src/app.ts AppPart): start after listen, stop before the server closes. */
export interface WebChat {
  name: 'webchat';
  mode: WebChatMode['kind'];
  /** Checks the token key is readable, creates the indexes and starts the upload cleanup. */
  start(): Promise<void>;
  /** Stops timers and closes open chat WebSockets. */
  stop(): Promise<void>;
}

/** Which web chat this configuration gives: Azure Direct Line, the local endpoint, or none. */
export function webChatMode(config: WebChatConfig): WebChatMode {
  if (!config.WEB_CHAT) return { kind: 'off', reason: 'WEB_CHAT=off' };
  if (config.DIRECT_LINE_SECRET) return { kind: 'azure', endpoint: config.DIRECT_LINE_ENDPOINT, secret: config.DIRECT_LINE_SECRET };
  // The local endpoint posts to the bot without Bot Framework credentials, which an
  // authenticated adapter refuses: with an app id, web chat needs Azure Direct Line.
  if (config.authEnabled) return { kind: 'off', reason: 'set DIRECT_LINE_SECRET to use Azure Direct Line' };
  return { kind: 'local' };
}

/** Indexes for web chat's collections (idempotent; for the app's index setups). */
export async function ensureWebChatIndexes(db: Db): Promise<void> {
  await ensureLocalDirectLineIndexes(db);
}

const urlFn = (source: UrlSource): (() => string) => {
  if (typeof source === 'string') {
    const fixed = source.replace(/\/+$/, '');
    return () => fixed;
  }
  return () => source().replace(/\/+$/, '');
};

export function registerWebChat(server: Server, deps: WebChatDeps): WebChat {
  const logger = deps.logger.child({ component: 'webchat' });
  const { config } = deps;
  const mode = webChatMode(config);
  const publicUrl = urlFn(deps.publicUrl);
  const tokens = new TokenIssuer({
    secret: resolveTokenSecret(deps.db, config.DIRECT_LINE_TOKEN_SECRET),
    conversationTtlSeconds: deps.tuning?.conversationTokenTtlSeconds,
  });

  registerCors(server, mode.kind === 'local' ? [TOKEN_PATH, DIRECT_LINE_BASE] : [TOKEN_PATH]);
  const assets = webChatAssets();
  for (const asset of Object.values(assets)) registerStaticAsset(server, asset);
  registerLegalPages(server, { platformName: config.PLATFORM_NAME, supportEmail: config.SUPPORT_EMAIL, stylesheetUrl: assets.style.url });
  registerWebChatPage(server, {
    platformName: config.PLATFORM_NAME,
    privacyUrl: config.PRIVACY_URL ?? PRIVACY_PATH,
    termsUrl: config.TERMS_URL ?? TERMS_PATH,
    // Evidence has the tighter limit; the local endpoint's own cap still applies to anything else.
    maxFileBytes: Math.min(config.EVIDENCE_MAX_FILE_MB, mode.kind === 'local' ? config.DIRECT_LINE_UPLOAD_MAX_MB : Infinity) * 1024 * 1024,
    mode: mode.kind,
    assets,
    extraOrigins: () => [new URL(publicUrl()).origin, ...(mode.kind === 'azure' ? [new URL(mode.endpoint).origin] : [])],
  });
  registerTokenEndpoint(server, { mode, tokens, logger });

  let local: LocalDirectLine | undefined;
  if (mode.kind === 'local') {
    local = registerLocalDirectLine(server, {
      db: deps.db,
      logger,
      tokens,
      botEndpoint: urlFn(deps.botEndpoint),
      publicUrl,
      bot: { id: config.MicrosoftAppId ?? 'complaint-center-bot', name: `${config.PLATFORM_NAME} Complaint Center`, role: 'bot' },
      maxUploadBytes: config.DIRECT_LINE_UPLOAD_MAX_MB * 1024 * 1024,
      botTimeoutMs: deps.tuning?.botTimeoutMs ?? config.DIRECT_LINE_BOT_TIMEOUT_SECONDS * 1000,
      streamPollMs: deps.tuning?.streamPollMs ?? config.DIRECT_LINE_STREAM_POLL_MS,
    });
  }

  // Visitors only read that the chat is unavailable; the operator reads why here.
  if (mode.kind === 'off') logger.warn({ reason: mode.reason }, 'web chat is off');

  return {
    name: 'webchat',
    mode: mode.kind,
    async start() {
      await tokens.ready();
      // Idempotent, so also safe when the app's index setups already ran it.
      if (local) await ensureWebChatIndexes(deps.db);
      await local?.start();
      logger.info({ mode: mode.kind, ...(mode.kind === 'azure' ? { endpoint: mode.endpoint } : {}) }, 'web chat ready');
    },
    async stop() {
      await local?.stop();
    },
  };
}
