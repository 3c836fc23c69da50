// End to end over HTTP: the real app (restify, CloudAdapter, MongoDB state) with the complaint bot on
// a random port; activities are POSTed to /api/messages with a loopback serviceUrl and the bot's
// replies arrive at a small connector server the test runs. A new user files a complaint by cards.
import { expect } from 'chai';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { createComplaintBot } from '../../src/bot/complaint-bot.js';
import { CaseService, caseSettingsFromConfig } from '../../src/cases/case-service.js';
import { MemberService } from '../../src/identity/member-service.js';
import { EvidenceStore } from '../../src/evidence/index.js';
import { createFaq } from '../../src/faq/index.js';
import { channelActivity, postToBot, startConnector, type Connector } from '../support/connector.js';
import { testClient, testDb } from '../support/db.js';
import { cardText, submitActions } from './support/card-check.js';

type Json = Record<string, unknown>;

describe('bot: end to end over /api/messages', () => {
  let connector: Connector;
  let app: App;
  let caseService: CaseService;
  const codes = new Map<string, string>();

  before(async () => {
    connector = await startConnector();
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_SECONDS: '5' });
    const db = await testDb('bot_e2e');
    app = await createApp(config, {
      logger: silentLogger,
      database: { client: await testClient(), db },
      createBot: (ctx) => {
        caseService = new CaseService({ db: ctx.db, settings: caseSettingsFromConfig(ctx.config) });
        const memberService = new MemberService({
          db: ctx.db,
          sendCode: async (email, code) => {
            codes.set(email, code);
          },
        });
        return createComplaintBot({
          conversationState: ctx.conversationState,
          userState: ctx.userState,
          caseService,
          memberService,
          evidenceStore: new EvidenceStore(ctx.db),
          faq: createFaq({ platform: ctx.config.PLATFORM_NAME, partner: ctx.config.PARTNER_SITE_NAME }),
          config: ctx.config,
          logger: ctx.logger,
          db: ctx.db,
        });
      },
    });
    await caseService.ensureIndexes();
    await app.start();
  });
  after(async () => {
    await app?.stop();
    await connector?.close();
  });

  it('a new user files a complaint through cards alone over HTTP', async () => {
    const conversationId = `e2e-${Date.now()}`;
    const from = { id: 'e2e-user', name: 'Erin' };
    let seenCount = 0;
    const post = async (fields: Json): Promise<{ text: string; cards: Json[] }> => {
      const status = await postToBot(app.url!, channelActivity(connector, conversationId, { from, ...fields }));
      expect(status).to.equal(200);
      const mine = connector.received.filter((r) => r.conversationId === conversationId);
      const fresh = mine.slice(seenCount);
      seenCount = mine.length;
      const cards = fresh.flatMap((r) => (r.activity.attachments ?? []).map((a) => a.content as Json));
      return { text: [...fresh.map((r) => r.activity.text ?? ''), ...cards.map(cardText)].join('\n'), cards };
    };
    const press = (cards: Json[], title: string | RegExp, inputs: Json = {}) => {
      const action = cards.flatMap(submitActions).find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
      if (!action) throw new Error(`no button ${String(title)}`);
      return post({ type: 'message', value: { ...action.data, ...inputs } });
    };

    const welcome = await post({ type: 'conversationUpdate', membersAdded: [{ id: 'bot' }, from] });
    expect(welcome.text).to.include('Complaint Center');
    const verify = await press(welcome.cards, 'File a complaint');
    expect(verify.text).to.include('Confirm your email address');
    const code = await press(verify.cards, 'Send me a code', { name: 'Erin Buyer', company: 'Erin Co', email: 'erin@buyer.example' });
    expect(code.text).to.include('6-digit code');
    const types = await press(code.cards, 'Confirm', { code: codes.get('erin@buyer.example') });
    expect(types.text).to.include('complaint type');
    const partner = await press(types.cards, 'Continue', { typeId: 'order_not_received' });
    expect(partner.text).to.include('AliExpress');
    const form = await press(partner.cards, 'No, somewhere else');
    const bad = await press(form.cards, 'Continue', { orderNumber: 'PO-1', orderDate: 'yesterday', amountPaid: '99 EUR', paymentMethod: 'Credit card', description: 'Nothing arrived.' });
    expect(bad.text).to.include('Order date must be a date');
    const respondent = await press(bad.cards, 'Continue', { orderNumber: 'PO-1', orderDate: '2026-10-01', amountPaid: '99 EUR', paymentMethod: 'Credit card', description: 'Nothing arrived.' });
    const evidence = await press(respondent.cards, 'Continue', { respondentCompany: 'Far Away Ltd', respondentEmail: 'sales@faraway.example' });
    expect(evidence.text).to.include('seen by both parties');
    const summary = await press(evidence.cards, /Skip/);
    const submitted = await press(summary.cards, 'Submit complaint');
    const number = /C-\d{4}-\d{6}/.exec(submitted.text)?.[0];
    expect(number).to.be.a('string');
    expect(submitted.text).to.include("Awaiting the other party's response").and.include('local law enforcement agency');
    const again = await press(summary.cards, 'Submit complaint');
    expect(again.text).to.include(`already submitted as ${number}`);
    const stored = await caseService.getByNumber(number!);
    expect(stored?.fields).to.include({ orderNumber: 'PO-1', amountPaid: '99.00 EUR' });
  });
});
