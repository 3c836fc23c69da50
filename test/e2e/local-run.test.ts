// A newcomer's local run, end to end: the app as `npm start` builds it (the real Complaint Center bot,
// cases, members, evidence, notifications with emails written to <DATA_DIR>/outbox/), driven only through
// the local Direct Line v3 HTTP API. Card buttons are clicked by reading the Action.Submit data of the
// cards the bot sent, with the inputs merged in as Web Chat does; codes are read from the .eml files.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/log/logger.js';
import { TURN_ERROR_MESSAGE } from '../../src/server/adapter.js';
import { testClient, testDb } from '../support/db.js';
import { cardText, choiceValue, factValues, findAction, submitActions, type Card } from './support/cards.js';
import { ChatUser } from './support/chat-user.js';
import { MailOutbox } from './support/mail-outbox.js';

// The source FAQ's status labels, as each party must see them.
const PROCESSING = 'Processing';
const AWAITING_MY_RESPONSE = 'Awaiting my response';
const AWAITING_OTHER = "Awaiting the other party's response";

const BUYER_EMAIL = 'buyer@example.com';
const SUPPLIER_EMAIL = 'supplier@example.com';
const CASE_NUMBER = /\bC-\d{4}-\d{3,}\b/;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% Chat history with the supplier\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** The case's status line on a case detail card (the line that is exactly one of the labels). */
function statusLines(card: Card): string[] {
  return cardText(card)
    .split('\n')
    .filter((l) => [PROCESSING, AWAITING_MY_RESPONSE, AWAITING_OTHER, 'Case Cancelled', 'Case Closed'].includes(l));
}

function expectNoCrash(user: ChatUser): void {
  const crashed = user.botMessages().filter((m) => m.text === TURN_ERROR_MESSAGE);
  expect(crashed, `${user.label} got the turn error message.\n${user.transcript()}`).to.have.length(0);
}

/** Confirms the user's email: fills the details card, reads the code from the outbox, confirms it. */
async function verifyEmail(user: ChatUser, outbox: MailOutbox, since: number, details: { name: string; company: string; email: string }): Promise<number> {
  const detailsCard = await user.waitForCard('Confirm your email address', since);
  const codeCardMark = await user.click(detailsCard, /code/i, details);
  const codeCard = await user.waitFor('with the code input', (m) => Boolean(m.card && findAction(m.card, 'Confirm')), codeCardMark);
  const code = await outbox.verificationCode(details.email);
  const confirmed = await user.click(codeCard.card!, 'Confirm', { code });
  await user.waitForText(/email address is confirmed/i, confirmed);
  return confirmed;
}

describe('local run end to end over Direct Line (real bot, outbox emails)', function () {
  this.timeout(30_000);
  let app: App;
  let dataDir: string;
  let outbox: MailOutbox;
  let a: ChatUser;
  let b: ChatUser;
  let caseNumber = '';

  const needCase = (): string => {
    expect(caseNumber, 'user A must have filed a case in the first test').to.match(CASE_NUMBER);
    return caseNumber;
  };

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cc-e2e-'));
    outbox = new MailOutbox(path.join(dataDir, 'outbox'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_SECONDS: '5', PLATFORM_NAME: 'Example Market' });
    app = await createApp(config, { logger: silentLogger, database: { client: await testClient(), db: await testDb('e2e') } });
    await app.start();
  });

  after(async () => {
    await app?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  afterEach(function () {
    // On failure, show both conversations' last bot activities under the mocha error.
    if (this.currentTest?.state === 'failed') {
      for (const user of [a, b]) if (user) console.log(user.transcript());
    }
  });

  it('A (new) files a complaint with a PDF after confirming the email, and sees the case number and label', async () => {
    a = await ChatUser.open(app.url!, 'user A');
    const menu = await a.waitForCard('Complaint Center', 0);
    expect(findAction(menu, 'File a complaint'), 'the welcome menu offers filing').to.not.equal(undefined);

    let mark = await a.say('I want to complain about a supplier');
    mark = await verifyEmail(a, outbox, mark, { name: 'Ann Buyer', company: 'Buyer GmbH', email: BUYER_EMAIL });

    const typeCard = await a.waitForCard(/complaint type/i, mark);
    mark = await a.click(typeCard, 'Continue', { typeId: choiceValue(typeCard, 'typeId', /^Other trade disputes/) });
    const partnerCard = await a.waitForCard(/Where was the order placed/i, mark);
    mark = await a.click(partnerCard, /^No\b/);

    const form = await a.waitForCard(/Complaint form/i, mark);
    mark = await a.click(form, 'Continue', {
      orderNumber: 'PO-2026-0042',
      amountInDispute: '1250.00 USD',
      description: 'The supplier shipped late and refuses the agreed refund for the missing 40 units.',
    });
    const respondentCard = await a.waitForCard(/Who is the complaint against/i, mark);
    mark = await a.click(respondentCard, 'Continue', { respondentCompany: 'Supplier Ltd', respondentEmail: SUPPLIER_EMAIL });

    await a.waitForCard('Evidence', mark);
    mark = await a.upload([{ name: 'chat-history.pdf', type: 'application/pdf', bytes: PDF }]);
    const received = await a.waitFor('with the evidence card listing chat-history.pdf', (m) => Boolean(m.card && /Received: chat-history\.pdf/.test(cardText(m.card))), mark);
    mark = await a.click(received.card!, 'Continue');

    const summary = await a.waitForCard('Check your complaint', mark);
    expect(cardText(summary)).to.contain(SUPPLIER_EMAIL).and.contain('chat-history.pdf');
    mark = await a.click(summary, 'Submit complaint');

    const submitted = await a.waitForCard('Your complaint has been submitted', mark);
    [caseNumber] = factValues(submitted, 'Case number');
    expect(caseNumber, 'the case number on the submitted card').to.match(CASE_NUMBER);
    expect(factValues(submitted, 'Status')).to.deep.equal([AWAITING_OTHER]);
    expectNoCrash(a);
  });

  it("writes the respondent's notification email to supplier@example.com with the case number, within seconds", async () => {
    const number = needCase();
    const mail = await outbox.waitForNewest(SUPPLIER_EMAIL, `mentioning ${number}`, (m) => m.subject.includes(number) || m.text.includes(number), 10_000);
    expect(`${mail.subject}\n${mail.text}`).to.contain(number);
    // The complaint's fields under the labels of the form A filled in, not the internal field ids.
    expect(mail.text).to.contain('Order number: PO-2026-0042').and.contain('Amount in dispute: 1250.00 USD').and.not.match(/^orderNumber:/m);
    expect(mail.text, 'the link back to the chat').to.contain(`${app.url}/?case=${number}`);
  });

  it('B (new) responds as supplier@example.com; both parties then see the source label for the new state', async () => {
    const number = needCase();
    b = await ChatUser.open(app.url!, 'user B');
    const menu = await b.waitForCard('Complaint Center', 0);
    let mark = await b.click(menu, 'Respond to a complaint');
    mark = await verifyEmail(b, outbox, mark, { name: 'Sam Supplier', company: 'Supplier Ltd', email: SUPPLIER_EMAIL });

    const list = await b.waitForCard(/awaiting your response/i, mark);
    expect(cardText(list), 'the list shows the case').to.contain(number);
    expect(factValues(list, 'Status')).to.deep.equal([AWAITING_MY_RESPONSE]);
    mark = await b.click(list, 'Open and respond');

    const detail = await b.waitForCard(new RegExp(`^${number}`), mark);
    expect(statusLines(detail)).to.deep.equal([AWAITING_MY_RESPONSE]);
    mark = await b.click(detail, 'Respond now');
    const statementCard = await b.waitForCard(`Your response to ${number}`, mark);
    mark = await b.click(statementCard, 'Continue', { statement: 'We shipped all 400 units on time; the tracking number is in our records.' });
    const evidence = await b.waitForCard(`Evidence for ${number}`, mark);
    mark = await b.click(evidence, 'Send my response');

    const sent = await b.waitForCard('Your response has been sent', mark);
    expect(factValues(sent, 'Case')).to.deep.equal([number]);
    expect(factValues(sent, 'Status')).to.deep.equal([PROCESSING]);

    mark = await a.say(`status of ${number}`);
    const aView = await a.waitForCard(new RegExp(`^${number}`), mark);
    expect(statusLines(aView), "A's view after the response").to.deep.equal([PROCESSING]);
    expect(cardText(aView), 'the response and the evidence A sent while filing are on the case').to.contain('We shipped all 400 units').and.contain('chat-history.pdf');

    mark = await b.say(`status of ${number}`);
    const bView = await b.waitForCard(new RegExp(`^${number}`), mark);
    expect(statusLines(bView), "B's view after the response").to.deep.equal([PROCESSING]);
    expect(findAction(bView, 'Respond now'), 'no second response').to.equal(undefined);
    expectNoCrash(a);
    expectNoCrash(b);
  });

  it("refuses B's forged card for another case and a bare unknown verb clearly, and the chat keeps working", async () => {
    const number = needCase();
    // A files a second complaint, against someone else: a real case B is no party to.
    let mark = await a.say('I want to file a complaint');
    const typeCard = await a.waitForCard(/complaint type/i, mark);
    mark = await a.click(typeCard, 'Continue', { typeId: choiceValue(typeCard, 'typeId', /^Other complaints/) });
    const form = await a.waitForCard(/Complaint form/i, mark);
    mark = await a.click(form, 'Continue', { subject: 'Copied product photos', description: 'Another member uses our product photos without permission.' });
    const respondentCard = await a.waitForCard(/Who is the complaint against/i, mark);
    mark = await a.click(respondentCard, 'Continue', { respondentCompany: 'Other Trading Co', respondentEmail: 'other@example.com' });
    const evidence = await a.waitForCard('Evidence', mark);
    mark = await a.click(evidence, /^Skip/);
    mark = await a.click(await a.waitForCard('Check your complaint', mark), 'Submit complaint');
    const [otherNumber] = factValues(await a.waitForCard('Your complaint has been submitted', mark), 'Case number');
    expect(otherNumber).to.match(CASE_NUMBER).and.not.equal(number);

    // B copies the data of buttons it was given for its own case and changes the case number.
    mark = await b.say('my cases');
    const list = await b.waitForCard('My cases', mark);
    mark = await b.click(list, 'Open');
    const own = await b.waitForCard(new RegExp(`^${number}`), mark);
    const forgeries = new Map<unknown, Record<string, unknown>>();
    for (const action of [...submitActions(list), ...submitActions(own)]) {
      if (typeof action.data.caseNumber === 'string') forgeries.set(action.data.verb, { ...action.data, caseNumber: otherNumber });
    }
    expect(forgeries.size, 'B was given buttons that carry a case number').to.be.greaterThan(0);
    for (const forged of forgeries.values()) {
      mark = await b.sendValue(forged);
      const answer = await b.waitFor(`refusing ${JSON.stringify(forged)}`, (m) => /no case with that number|not found/i.test(m.text), mark);
      expect(answer.text, 'the refusal does not tell that the case exists').to.not.contain('other@example.com');
      expect(b.botMessages(mark).some((m) => m.card && cardText(m.card).includes(otherNumber)), 'nothing of the other case is shown').to.equal(false);
    }

    mark = await b.sendValue({ verb: 'case.escalate' });
    await b.waitForText(/can't act on that/i, mark);

    // The conversation goes on: B's list still has its case, and nothing of A's other case.
    mark = await b.say('my cases');
    const after = await b.waitForCard('My cases', mark);
    expect(cardText(after)).to.contain(number).and.not.contain(otherNumber);
    expect(factValues(after, 'Status')).to.deep.equal([PROCESSING]);
    expectNoCrash(a);
    expectNoCrash(b);
  });
});
