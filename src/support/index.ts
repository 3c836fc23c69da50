// The support desk: staff sign-in (one-time code or Teams SSO), sessions, the JSON API, live updates and
// the page. The composition root calls registerSupportDesk once and adds ensureSupportIndexes to its
// index setups. The domain stays in src/cases: the desk only calls the case service.
import type { Db } from 'mongodb';
import type { Server } from 'restify';
import type { CaseService } from '../cases/case-service.js';
import type { Config } from '../config/config.js';
import type { EvidenceStore } from '../evidence/index.js';
import type { Logger } from '../log/logger.js';
import type { Mailer } from '../notify/mailer.js';
import { deskAssets, type StaticAsset } from './assets.js';
import { EntraTokenVerifier } from './entra-token.js';
import { LiveFeed } from './live-feed.js';
import { registerDeskPage, renderDeskPage } from './page.js';
import { registerSupportRoutes } from './routes.js';
import { SessionStore } from './sessions.js';
import { SignInCodes } from './sign-in-codes.js';
import { StaffDirectory } from './staff.js';

export { API as SUPPORT_API, CSRF_HEADER } from './routes.js';
export { EntraTokenVerifier, TokenRefused, SSO_SCOPE } from './entra-token.js';
export { StaffDirectory, type StaffMember, type StaffRole } from './staff.js';

export type SupportDeskConfig = Pick<
  Config,
  'SUPPORT_STAFF' | 'SUPPORT_SESSION_HOURS' | 'SUPPORT_SSO_TENANTS' | 'SUPPORT_SSO_JWKS_URL' | 'SUPPORT_SSO_ISSUER_TEMPLATE' | 'MicrosoftAppId' | 'PLATFORM_NAME'
>;

export interface SupportDeskDeps {
  config: SupportDeskConfig;
  db: Db;
  cases: CaseService;
  evidence: EvidenceStore;
  mailer: Mailer;
  logger: Logger;
  clock: () => Date;
  publicUrl: () => string;
  /** Serves a static file (the app passes the web chat's cached, gzipped, versioned file server). */
  serveAsset: (server: Server, asset: StaticAsset) => void;
  /** How often live updates read the cases (default 1000 ms). */
  livePollMs?: number;
}

export async function ensureSupportIndexes(db: Db): Promise<void> {
  await new SessionStore(db, 1, () => new Date()).ensureIndexes();
  await new SignInCodes(db, () => new Date()).ensureIndexes();
}

export function registerSupportDesk(server: Server, deps: SupportDeskDeps): { name: 'support-desk'; stop(): Promise<void> } {
  const { config } = deps;
  const logger = deps.logger.child({ component: 'support-desk' });
  const staff = new StaffDirectory(config.SUPPORT_STAFF);
  const sso = new EntraTokenVerifier({
    tenants: config.SUPPORT_SSO_TENANTS,
    appId: config.MicrosoftAppId,
    get host() {
      return new URL(deps.publicUrl()).host;
    },
    jwksUrl: config.SUPPORT_SSO_JWKS_URL,
    issuerTemplate: config.SUPPORT_SSO_ISSUER_TEMPLATE,
  });
  const live = new LiveFeed(deps.db, { pollMs: deps.livePollMs ?? 1000, clock: deps.clock, logger });
  registerSupportRoutes(server, {
    db: deps.db,
    cases: deps.cases,
    evidence: deps.evidence,
    mailer: deps.mailer,
    staff,
    sessions: new SessionStore(deps.db, config.SUPPORT_SESSION_HOURS * 3_600_000, deps.clock),
    codes: new SignInCodes(deps.db, deps.clock),
    sso,
    live,
    logger,
    clock: deps.clock,
    platformName: config.PLATFORM_NAME,
    publicUrl: deps.publicUrl,
    sessionHours: config.SUPPORT_SESSION_HOURS,
  });
  const assets = deskAssets();
  for (const asset of Object.values(assets)) if (asset) deps.serveAsset(server, asset);
  const html = renderDeskPage(config.PLATFORM_NAME, assets, sso.enabled);
  registerDeskPage(server, () => html);
  if (staff.size === 0) logger.info('SUPPORT_STAFF is empty: nobody can sign in to the support desk at /support');
  return { name: 'support-desk', stop: () => live.stop() };
}
