// A whole notifications stack on the test database, with the real case and member services, a real
// CloudAdapter (no app id) talking to a test connector, a real SMTP server and a fake clock.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationReference } from 'botbuilder';
import type { Db } from 'mongodb';
import { CaseService } from '../../../src/cases/case-service.js';
import type { CaseDoc } from '../../../src/cases/types.js';
import type { Member } from '../../../src/identity/types.js';
import { MemberService } from '../../../src/identity/member-service.js';
import { silentLogger } from '../../../src/log/logger.js';
import { createNotifications, type Notifications } from '../../../src/notify/index.js';
import type { Mailer } from '../../../src/notify/mailer.js';
import type { TestConnector } from './connector.js';

export const HOUR = 3_600_000;

export class FakeClock {
  constructor(public at: Date) {}
  now = (): Date => new Date(this.at);
  set(at: Date): void {
    this.at = at;
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export function conversationReference(connector: TestConnector, conversationId: string, userId: string): Partial<ConversationReference> & Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    conversation: { id: conversationId },
    bot: { id: 'bot-id', name: 'Complaint Center' },
    user: { id: userId },
  } as Partial<ConversationReference> & Record<string, unknown>;
}

/** One bot instance: its own services and notification stack, over a shared database. */
export interface Instance {
  cases: CaseService;
  members: MemberService;
  notifications: Notifications;
  /** Verification codes this instance "sent", by email. */
  codes: Map<string, string>;
}

export async function makeInstance(db: Db, clock: FakeClock, mailer: Mailer, opts: { listen?: boolean } = {}): Promise<Instance> {
  const codes = new Map<string, string>();
  const members = new MemberService({ db, clock: clock.now, logger: silentLogger, sendCode: async (email, code) => void codes.set(email, code) });
  const cases = new CaseService({
    db,
    clock: clock.now,
    logger: silentLogger,
    settings: {
      responsePeriodHours: { awaiting_respondent: 72, awaiting_complainant: 72 },
      reminderHours: [48, 24, 2],
      platform: 'Alibaba.com',
      partner: 'AliExpress',
    },
  });
  const notifications = createNotifications({
    db,
    adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})),
    appId: '',
    mailer,
    members,
    cases,
    config: { PLATFORM_NAME: 'Alibaba.com', SUPPORT_EMAIL: 'support@example.test', REMINDER_SWEEP_SECONDS: 60, publicUrl: 'http://127.0.0.1:3978' },
    logger: silentLogger,
    clock: clock.now,
    typeName: (id) => cases.listTypes().find((t) => t.id === id)?.label,
  });
  if (opts.listen !== false) cases.addListener(notifications.notifier);
  await Promise.all([members.ensureIndexes(), cases.ensureIndexes(), notifications.ensureIndexes()]);
  return { cases, members, notifications, codes };
}

/** A member seen in one Teams conversation who verified `email`. */
export async function verifiedMember(instance: Instance, reference: Partial<ConversationReference> & Record<string, unknown>, email: string, timeZone?: string): Promise<Member> {
  const { members } = instance;
  const userId = String((reference.user as { id: string }).id);
  const m = await members.findOrCreateByAccount({ channelId: 'msteams', userId, reference, ...(timeZone ? { timeZone } : {}) });
  const started = await members.startEmailVerification(m, email);
  const code = instance.codes.get(started.email);
  const res = await members.confirmEmailVerification(m, code ?? '');
  if (res.status !== 'ok') throw new Error(`verification failed: ${res.status}`);
  return res.member;
}

let keyCounter = 0;

export async function fileAgainst(instance: Instance, complainant: Member, respondentEmail: string, description = 'Paid, nothing arrived.'): Promise<CaseDoc> {
  keyCounter += 1;
  return instance.cases.fileCase(complainant, {
    typeId: 'other',
    fields: { subject: 'Order 77', description },
    respondent: { company: 'Supplier & Sons', email: respondentEmail },
    idempotencyKey: `k-${keyCounter}-${Date.now()}`,
  });
}
