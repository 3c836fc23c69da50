// Notifications and reminders, assembled. The app creates the mailer first (MemberService needs it for
// verification codes), then this, then registers `notifier` as a CaseService listener and calls start().
import type { BotAdapter } from 'botbuilder';
import type { Db } from 'mongodb';
import type { CaseDoc } from '../cases/types.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import { DeliveryWorker } from './delivery-worker.js';
import type { Mailer } from './mailer.js';
import { Notifier, recentCasesFrom } from './notifier.js';
import { NotificationOutbox } from './outbox.js';
import type { MemberDirectory } from './ports.js';
import { ProactiveSender } from './proactive-sender.js';
import { ReminderScheduler, type CaseTimers } from './reminder-scheduler.js';
import { getSupportChannel } from './support-channel.js';

export { createMailer, type Mailer, type MailMessage, type MailerOptions } from './mailer.js';
export { verificationCodeSender } from './verification-mail.js';
export { setSupportChannel, getSupportChannel, clearSupportChannel } from './support-channel.js';
export { Notifier, recentCasesFrom } from './notifier.js';
export { ProactiveSender } from './proactive-sender.js';
export { ReminderScheduler } from './reminder-scheduler.js';
export { DeliveryWorker } from './delivery-worker.js';
export { NotificationOutbox } from './outbox.js';
export { renderEmail, renderChat, renderVerificationCodeEmail } from './templates.js';

export interface NotificationsDeps {
  db: Db;
  adapter: Pick<BotAdapter, 'continueConversationAsync'>;
  /** MicrosoftAppId, or '' without authentication. */
  appId: string;
  mailer: Mailer;
  members: MemberDirectory;
  /** The CaseService: runs due timers and re-reads a case before a reminder goes out. */
  cases: CaseTimers & { getByNumber(caseNumber: string): Promise<CaseDoc | null> };
  config: Pick<Config, 'PLATFORM_NAME' | 'SUPPORT_EMAIL' | 'REMINDER_SWEEP_SECONDS' | 'publicUrl'>;
  /** Overrides config.publicUrl when the URL is known only after listen (app: ctx.publicUrl). */
  publicUrl?: () => string;
  logger: Logger;
  clock?: () => Date;
  typeName?: (typeId: string) => string | undefined;
  /** The form field labels of a complaint type, by field id. */
  fieldLabels?: (typeId: string) => Record<string, string> | undefined;
  /** How far back the recovery pass looks for events that were never queued (default 1 hour). */
  recoveryWindowMs?: number;
  /** How often the recovery pass runs, after a timer sweep (default every 5 minutes). */
  recoveryEveryMs?: number;
}

export interface Notifications {
  /** So the object is an app part as it is: { name, start, stop }. */
  name: 'notifications';
  notifier: Notifier;
  scheduler: ReminderScheduler;
  worker: DeliveryWorker;
  sender: ProactiveSender;
  outbox: NotificationOutbox;
  ensureIndexes(): Promise<void>;
  /** Starts the timer sweep (at once, then every REMINDER_SWEEP_SECONDS) and the outbox poll. */
  start(): void;
  /** Stops both and waits for work in flight. */
  stop(): Promise<void>;
}

/** The indexes of this module (outbox; cases by updatedAt for the recovery pass). Idempotent. */
export async function ensureNotifyIndexes(db: Db): Promise<void> {
  await new NotificationOutbox(db).ensureIndexes();
  await recentCasesFrom(db).ensureIndex();
}

export function createNotifications(deps: NotificationsDeps): Notifications {
  const clock = deps.clock ?? (() => new Date());
  const outbox = new NotificationOutbox(deps.db);
  const sender = new ProactiveSender({ adapter: deps.adapter, appId: deps.appId, members: deps.members, logger: deps.logger });
  const worker = new DeliveryWorker({
    outbox,
    mailer: deps.mailer,
    sender,
    supportChannel: () => getSupportChannel(deps.db),
    getCase: (n) => deps.cases.getByNumber(n),
    logger: deps.logger,
    clock,
  });
  const notifier = new Notifier({
    outbox,
    members: deps.members,
    worker,
    platformName: deps.config.PLATFORM_NAME,
    publicUrl: deps.publicUrl ?? deps.config.publicUrl,
    supportEmail: deps.config.SUPPORT_EMAIL,
    typeName: deps.typeName,
    fieldLabels: deps.fieldLabels,
    clock,
    logger: deps.logger,
  });
  const recent = recentCasesFrom(deps.db);
  const windowMs = deps.recoveryWindowMs ?? 3_600_000;
  const recoveryEveryMs = deps.recoveryEveryMs ?? 300_000;
  let lastRecovery = -Infinity;
  const intervalMs = deps.config.REMINDER_SWEEP_SECONDS * 1000;
  const scheduler = new ReminderScheduler({
    timers: deps.cases,
    intervalMs,
    clock,
    logger: deps.logger,
    afterSweep: async (now) => {
      // The first sweep after start always recovers: that is when a crash may have left something behind.
      if (now.getTime() - lastRecovery >= recoveryEveryMs) {
        lastRecovery = now.getTime();
        await notifier.reconcile(recent, new Date(now.getTime() - windowMs));
      }
      await worker.drain();
    },
  });
  return {
    name: 'notifications',
    notifier,
    scheduler,
    worker,
    sender,
    outbox,
    ensureIndexes: () => ensureNotifyIndexes(deps.db),
    start() {
      scheduler.start();
      worker.start(Math.min(intervalMs, 30_000));
    },
    async stop() {
      await scheduler.stop();
      await worker.stop();
    },
  };
}
