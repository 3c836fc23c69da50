// A real bot world for dialog tests: MongoStorage, CaseService, MemberService and EvidenceStore on a
// fresh test database, the real FAQ, and one botbuilder TestAdapter conversation per user. The only
// injected function is sendCode, which captures the one-time codes instead of emailing them.
import { ConversationState, TestAdapter, UserState, type Activity, type ActivityHandler } from 'botbuilder';
import type { Db } from 'mongodb';
import { CaseService, DEFAULT_CASE_SETTINGS } from '../../../src/cases/case-service.js';
import { MemberService } from '../../../src/identity/member-service.js';
import { EvidenceStore } from '../../../src/evidence/index.js';
import { createFaq } from '../../../src/faq/index.js';
import { MongoStorage } from '../../../src/store/mongo-storage.js';
import { silentLogger } from '../../../src/log/logger.js';
import { createComplaintBot, type ComplaintBotDeps } from '../../../src/bot/complaint-bot.js';
import { testDb } from '../../support/db.js';
import { cardText, submitActions } from './card-check.js';

type Json = Record<string, unknown>;

export interface World {
  db: Db;
  bot: ActivityHandler;
  deps: ComplaintBotDeps;
  caseService: CaseService;
  memberService: MemberService;
  evidenceStore: EvidenceStore;
  /** Last code sent to each email address. */
  codes: Map<string, string>;
  user(id: string, opts?: { name?: string; channelId?: string; timeZone?: string }): Session;
}

export async function makeWorld(label: string, opts: { clock?: () => Date; autoTriage?: boolean } = {}): Promise<World> {
  const db = await testDb(label);
  const storage = new MongoStorage(db);
  const codes = new Map<string, string>();
  const memberService = new MemberService({
    db,
    clock: opts.clock,
    sendCode: async (email, code) => {
      codes.set(email, code);
    },
  });
  const caseService = new CaseService({ db, clock: opts.clock, settings: { ...DEFAULT_CASE_SETTINGS, autoTriage: opts.autoTriage ?? true } });
  await caseService.ensureIndexes();
  await memberService.ensureIndexes();
  const evidenceStore = new EvidenceStore(db, { limits: { maxFileBytes: 64 * 1024, maxFilesPerCase: 5 } });
  const deps: ComplaintBotDeps = {
    conversationState: new ConversationState(storage),
    userState: new UserState(storage),
    caseService,
    memberService,
    evidenceStore,
    faq: createFaq({ platform: 'Alibaba.com', partner: 'AliExpress' }),
    config: { PLATFORM_NAME: 'Alibaba.com', PARTNER_SITE_NAME: 'AliExpress', SUPPORT_EMAIL: 'support@example.com' },
    logger: silentLogger,
    clock: opts.clock,
    db,
    attachmentFetch: { allowPrivateNetwork: true },
  };
  const bot = createComplaintBot(deps);
  return {
    db,
    bot,
    deps,
    caseService,
    memberService,
    evidenceStore,
    codes,
    user: (id, o = {}) => new Session(bot, id, o),
  };
}

/** One user's conversation with the bot. */
export class Session {
  readonly adapter: TestAdapter;
  /** Everything the bot sent in this conversation, in order. */
  readonly transcript: Partial<Activity>[] = [];
  private readonly extra: Partial<Activity>;

  constructor(
    private readonly bot: ActivityHandler,
    readonly userId: string,
    opts: { name?: string; channelId?: string; timeZone?: string } = {},
  ) {
    const ref = TestAdapter.createConversation(`conv-${userId}-${Math.random().toString(36).slice(2, 8)}`, userId, 'bot');
    ref.user = { id: userId, name: opts.name ?? '' };
    ref.channelId = opts.channelId ?? 'webchat';
    this.adapter = new TestAdapter(ref);
    this.extra = opts.timeZone ? { localTimezone: opts.timeZone } : {};
  }

  /** Sends an activity (text or partial activity); resolves with what the bot sent in that turn. */
  async send(activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    const a: Partial<Activity> = typeof activity === 'string' ? { type: 'message', text: activity } : { type: 'message', ...activity };
    Object.assign(a, { ...this.extra, ...a });
    await this.adapter.processActivity(a, (ctx) => this.bot.run(ctx));
    const replies = this.adapter.activeQueue.splice(0, this.adapter.activeQueue.length);
    this.transcript.push(...replies);
    return replies;
  }

  /** A card button press: the data merged with the card's inputs, as Web Chat sends it. */
  click(data: Json, inputs: Json = {}, extra: Partial<Activity> = {}): Promise<Partial<Activity>[]> {
    return this.send({ ...extra, value: { ...data, ...inputs } });
  }

  /** The bot's last card (Adaptive Card content) in the transcript. */
  lastCard(): Json {
    for (let i = this.transcript.length - 1; i >= 0; i--) {
      const att = this.transcript[i].attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive');
      if (att) return att.content as Json;
    }
    throw new Error('no card sent yet');
  }

  /** The data of the last card's button with this title. */
  button(title: string | RegExp, card: Json = this.lastCard()): Json {
    const found = submitActions(card).find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
    if (!found) throw new Error(`no button ${String(title)} on the card: ${submitActions(card).map((a) => a.title).join(', ')}`);
    return found.data;
  }

  /** Presses the button with this title on the last card, with input values. */
  press(title: string | RegExp, inputs: Json = {}): Promise<Partial<Activity>[]> {
    return this.click(this.button(title), inputs);
  }
}

/** All text the user saw in these activities: message text and card text. */
export function seen(activities: Partial<Activity>[]): string {
  return activities
    .map((a) =>
      [a.text ?? '', ...(a.attachments ?? []).map((x) => (x.contentType === 'application/vnd.microsoft.card.adaptive' ? cardText(x.content as Json) : ''))].join('\n'),
    )
    .join('\n');
}

export function cardsOf(activities: Partial<Activity>[]): Json[] {
  return activities.flatMap((a) => (a.attachments ?? []).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive').map((x) => x.content as Json));
}
