// "What notifies whom" through a whole case life, with the real services, SMTP and a test connector.
import { expect } from 'chai';
import os from 'node:os';
import { silentLogger } from '../../src/log/logger.js';
import { createMailer, type Mailer } from '../../src/notify/mailer.js';
import { getSupportChannel, setSupportChannel } from '../../src/notify/support-channel.js';
import { testDb } from '../support/db.js';
import { bypassProxyForLoopback, startTestConnector, type TestConnector } from './support/connector.js';
import { startTestSmtp, type TestSmtp } from './support/smtp.js';
import { conversationReference, FakeClock, fileAgainst, HOUR, makeInstance, verifiedMember } from './support/world.js';

const T0 = new Date('2026-06-01T08:00:00Z');

describe('notify: what notifies whom', function () {
  this.timeout(60_000);
  let smtp: TestSmtp;
  let connector: TestConnector;
  let mailer: Mailer;

  before(async () => {
    bypassProxyForLoopback();
    smtp = await startTestSmtp();
    connector = await startTestConnector();
    mailer = createMailer({ smtpUrl: smtp.url, dataDir: os.tmpdir(), from: 'cc@example.test', logger: silentLogger });
  });
  after(async () => {
    mailer.close();
    await smtp.close();
    await connector.close();
  });

  async function setup(label: string) {
    smtp.received.length = 0;
    const db = await testDb(label);
    const clock = new FakeClock(T0);
    const a = await makeInstance(db, clock, mailer);
    const buyer = await verifiedMember(a, conversationReference(connector, `${label}-b`, `${label}-ub`), `${label}-b@example.com`, 'America/New_York');
    const supplier = await verifiedMember(a, conversationReference(connector, `${label}-s`, `${label}-us`), `${label}-s@example.com`, 'Asia/Shanghai');
    const c = await fileAgainst(a, buyer, `${label}-s@example.com`);
    await a.notifications.worker.drain();
    smtp.received.length = 0;
    const inbox = (email: string) => smtp.received.filter((m) => m.envelopeTo.includes(email)).map((m) => m.parsed);
    const chat = (who: 'b' | 's') => connector.textsFor(`${label}-${who}`);
    const drain = () => a.notifications.worker.drain();
    return { db, clock, a, buyer, supplier, c, inbox, chat, drain, b: `${label}-b@example.com`, s: `${label}-s@example.com` };
  }

  it('respond → support asks the complainant → extension → complainant answers → closed', async () => {
    const { clock, a, buyer, supplier, c, inbox, chat, drain, b, s } = await setup('wt_life');
    expect(chat('s')).to.have.length(1); // the notice at filing

    clock.advance(HOUR);
    await a.cases.respond(supplier, c.number, { statement: 'We shipped it.' });
    await drain();
    expect(inbox(b).map((m) => m.subject)).to.deep.equal([`[${c.number}] The other party responded`]);
    expect(inbox(s)).to.deep.equal([]);
    expect(chat('b')).to.have.length(1);

    clock.advance(HOUR);
    await a.cases.requestResponse(c.number, 'complainant', { note: 'Please send the invoice <b>now</b>', hours: 48 });
    await drain();
    const asked = inbox(b).filter((m) => m.subject === `[${c.number}] Your response is needed`);
    expect(asked).to.have.length(1);
    expect(asked[0].text).to.contain('Message from the support team: Please send the invoice <b>now</b>');
    expect(String(asked[0].html)).to.contain('Please send the invoice &lt;b&gt;now&lt;/b&gt;');
    // 48 h after 10:00 UTC on 1 June is 3 June 10:00 UTC = 06:00 in New York (EDT).
    expect(asked[0].text).to.contain('by 3 Jun 2026, 06:00 (America/New_York)');
    expect(inbox(s).map((m) => m.subject)).to.deep.equal([`[${c.number}] Status: Awaiting the other party's response`]);

    clock.advance(HOUR);
    await a.cases.extendDeadline(c.number, new Date(T0.getTime() + 96 * HOUR), { note: 'More time granted.' });
    await drain();
    const again = inbox(b).filter((m) => m.subject === `[${c.number}] Your response is needed`);
    expect(again).to.have.length(2);
    expect(again[1].text).to.contain('5 Jun 2026, 04:00 (America/New_York)');

    clock.advance(HOUR);
    await a.cases.respond(buyer, c.number, { statement: 'Invoice attached.' });
    await drain();
    expect(inbox(s).map((m) => m.subject)).to.include(`[${c.number}] The other party responded`);

    clock.advance(HOUR);
    await a.cases.close(c.number, 'Refund of 50% agreed by both parties.');
    await drain();
    for (const addr of [b, s]) {
      const closed = inbox(addr).filter((m) => m.subject === `[${c.number}] Case Closed`);
      expect(closed).to.have.length(1);
      expect(closed[0].text).to.contain('Resolution: Refund of 50% agreed by both parties.');
    }
    expect(chat('b').at(-1)).to.contain(`Case ${c.number} is closed.`);
    expect(chat('s').at(-1)).to.contain(`Case ${c.number} is closed.`);
  });

  it('cancelled by the complainant: the respondent is told by chat and email, the complainant gets an email record', async () => {
    const { a, buyer, c, inbox, chat, drain, b, s } = await setup('wt_cancel');
    const buyerChatsBefore = chat('b').length;
    await a.cases.cancel(buyer, c.number, 'Settled directly with the supplier.');
    await drain();
    const toSupplier = inbox(s);
    expect(toSupplier.map((m) => m.subject)).to.deep.equal([`[${c.number}] Case Cancelled`]);
    expect(toSupplier[0].text).to.contain('cancelled by the complainant (the other party)');
    expect(toSupplier[0].text).to.contain('Reason given: Settled directly with the supplier.');
    expect(chat('s').at(-1)).to.contain(`Case ${c.number} was cancelled by the complainant`);
    expect(inbox(b).map((m) => m.text)).to.satisfy((texts: string[]) => texts.length === 1 && texts[0].includes('cancelled by you'));
    expect(chat('b')).to.have.length(buyerChatsBefore);
  });

  it('every device is told: both of the respondent\'s chats once it answered from one, and both of the complainant\'s', async () => {
    const { a, buyer, supplier, c, chat, drain, s, b, clock } = await setup('wt_devices');
    // The same people in a second browser: other chat identities that verified the same emails.
    await verifiedMember(a, conversationReference(connector, 'wt_devices-s2', 'wt_devices-us2'), s, 'Asia/Shanghai');
    await verifiedMember(a, conversationReference(connector, 'wt_devices-b2', 'wt_devices-ub2'), b, 'America/New_York');
    const second = (who: 's2' | 'b2') => connector.textsFor(`wt_devices-${who}`);
    // Answering links the first identity to the case as the respondent.
    await a.cases.respond(supplier, c.number, { statement: 'We shipped it.' });
    await drain();
    expect(second('b2'), "the buyer's second browser hears of the response").to.have.length(1);
    clock.advance(HOUR);
    const [first, other] = [chat('s').length, second('s2').length];
    await a.cases.requestResponse(c.number, 'respondent', { note: 'Please add the tracking number.', hours: 24 });
    await drain();
    expect(chat('s')).to.have.length(first + 1);
    expect(second('s2'), "the supplier's second browser is asked too").to.have.length(other + 1);
    expect(second('s2').at(-1)).to.contain(c.number);
    void buyer;
  });

  it('the support channel is stored in settings, without the thread of the message that set it', async () => {
    const db = await testDb('wt_settings');
    await setSupportChannel(db, { ...conversationReference(connector, '19:abc@thread.tacv2;messageid=1700000', 'u'), activityId: '1700000' });
    const stored = await getSupportChannel(db);
    expect(stored?.conversation?.id).to.equal('19:abc@thread.tacv2');
    expect(stored).not.to.have.property('activityId');
  });
});
