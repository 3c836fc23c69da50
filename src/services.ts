// The domain services of one app instance, built once and shared by the bot and the routes.
// Order matters: the mailer first (verification codes), then members and cases, then the
// notifications that listen to case changes.
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Db } from 'mongodb';
import { CaseService, caseSettingsFromConfig } from './cases/index.js';
import type { Config } from './config/config.js';
import { EvidenceStore, evidenceLimitsFromConfig } from './evidence/index.js';
import { DownloadLinks } from './evidence/download-link.js';
import { resolveStoredSecret } from './store/stored-secret.js';
import { createFaq } from './faq/index.js';
import { MongoTranscriptStore } from './conversations/transcript-store.js';
import { ConversationEvents } from './conversations/events.js';
import { HandoffService } from './conversations/handoff-service.js';
import { MemberService } from './identity/index.js';
import type { Logger } from './log/logger.js';
import { createMailer, createNotifications, verificationCodeSender, type Mailer, type Notifications } from './notify/index.js';

export interface Services {
  mailer: Mailer;
  members: MemberService;
  cases: CaseService;
  evidence: EvidenceStore;
  /** Signed, short-lived links to evidence files for the parties (cards and emails). */
  downloadLinks: DownloadLinks;
  faq: ReturnType<typeof createFaq>;
  notifications: Notifications;
  /** Conversation transcripts (every activity in and out, redacted), linked to members and cases. */
  transcripts: MongoTranscriptStore;
  /** Handoffs to a person: state in MongoDB, staff messages sent proactively as the bot. */
  handoffs: HandoffService;
  /** Live conversation events of this instance (handoff requests, messages) for the desk. */
  conversationEvents: ConversationEvents;
  /** URL prefixes the bot may download chat attachments from although they are on a private network
   *  (this server's own local Direct Line uploads); filled in once the listening URL is known. */
  trustedAttachmentPrefixes: string[];
}

export interface ServicesDeps {
  config: Config;
  db: Db;
  adapter: CloudAdapter;
  logger: Logger;
  clock: () => Date;
  publicUrl: () => string;
}

export function createServices({ config, db, adapter, logger, clock, publicUrl }: ServicesDeps): Services {
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, dataDir: config.DATA_DIR, from: config.MAIL_FROM, logger: logger.child({ component: 'mailer' }) });
  const cases = new CaseService({ db, clock, settings: caseSettingsFromConfig(config), logger: logger.child({ component: 'cases' }) });
  const members = new MemberService({
    db,
    clock,
    logger: logger.child({ component: 'members' }),
    sendCode: verificationCodeSender(mailer, config.PLATFORM_NAME),
    awaitsResponseFrom: (email) => cases.awaitsResponseFrom(email),
  });
  const evidence = new EvidenceStore(db, { limits: evidenceLimitsFromConfig(config) });
  const downloadLinks = new DownloadLinks({ key: () => resolveStoredSecret(db, 'app_secrets', 'evidence-download-key'), publicUrl, clock });
  const faq = createFaq({ platform: config.PLATFORM_NAME, partner: config.PARTNER_SITE_NAME });
  const notifications = createNotifications({
    db,
    adapter,
    appId: config.MicrosoftAppId ?? '',
    mailer,
    members,
    cases,
    config,
    publicUrl,
    logger: logger.child({ component: 'notify' }),
    clock,
    typeName: (typeId) => cases.typeLabel(typeId),
    fieldLabels: (typeId) => {
      const type = cases.listTypes().find((t) => t.id === typeId);
      return type && Object.fromEntries(type.fields.map((f) => [f.id, f.label]));
    },
  });
  cases.addListener(notifications.notifier);
  const transcripts = new MongoTranscriptStore(db, {
    retentionDays: config.TRANSCRIPT_RETENTION_DAYS,
    clock,
    memberOf: (channelId, userId) => members.findMemberIdByAccount(channelId, userId),
  });
  const conversationEvents = new ConversationEvents();
  const handoffs = new HandoffService({
    db,
    clock,
    events: conversationEvents,
    waitMinutes: config.HANDOFF_WAIT_MINUTES,
    supportEmail: config.SUPPORT_EMAIL,
    deliver: (reference, message) => notifications.sender.sendToReference(reference as Partial<ConversationReference>, message),
  });
  return { mailer, members, cases, evidence, downloadLinks, faq, notifications, transcripts, handoffs, conversationEvents, trustedAttachmentPrefixes: [] };
}
