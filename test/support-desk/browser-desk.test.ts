// The support desk end to end in Debian chromium: a buyer files a case through Direct Line with a PDF, the
// supplier answers; a staff member signs in at /support with the code from the outbox, finds the case at
// the top as 'Needs a decision', downloads the PDF (same bytes), asks the complainant for more with a
// message; the buyer's chat shows the message and 'Awaiting my response', the buyer answers, the page
// updates live, the staff member closes the case with an outcome, and both parties see 'Case Closed' in
// chat and get an email. Screenshots of the queue and the case page at 1280 and 390 px: test-artifacts/.
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { launchChatBrowser, screenshot, type ChatBrowser } from '../web/support/browser.js';
import { cardText, choiceValue, factValues, findAction, type Card } from '../e2e/support/cards.js';
import { ChatUser } from '../e2e/support/chat-user.js';
import type { MailOutbox } from '../e2e/support/mail-outbox.js';
import { startDeskApp, type DeskApp } from './desk-app.js';

const BUYER = 'buyer@example.com';
const SUPPLIER = 'supplier@example.com';
const STAFF = 'ann@example.com';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% order confirmation\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

function statusLines(card: Card): string[] {
  return cardText(card).split('\n').filter((l) => ['Processing', 'Awaiting my response', "Awaiting the other party's response", 'Case Cancelled', 'Case Closed'].includes(l));
}

async function verifyEmail(user: ChatUser, outbox: MailOutbox, since: number, details: { name: string; company: string; email: string }): Promise<number> {
  const detailsCard = await user.waitForCard('Confirm your email address', since);
  const codeMark = await user.click(detailsCard, /code/i, details);
  const codeCard = await user.waitFor('with the code input', (m) => Boolean(m.card && findAction(m.card, 'Confirm')), codeMark);
  const confirmed = await user.click(codeCard.card!, 'Confirm', { code: await outbox.verificationCode(details.email) });
  await user.waitForText(/email address is confirmed/i, confirmed);
  return confirmed;
}

async function respond(user: ChatUser, number: string, statement: string): Promise<void> {
  let mark = await user.say(`respond ${number}`);
  const card = await user.waitForCard(`Your response to ${number}`, mark);
  mark = await user.click(card, 'Continue', { statement });
  mark = await user.click(await user.waitForCard(`Evidence for ${number}`, mark), 'Send my response');
  await user.waitForCard('Your response has been sent', mark);
}

async function chatStatus(user: ChatUser, number: string): Promise<string[]> {
  const mark = await user.say(`status of ${number}`);
  return statusLines(await user.waitForCard(new RegExp(`^${number}`), mark));
}

describe('support desk in the browser, end to end', function () {
  this.timeout(120_000);
  let desk: DeskApp;
  let browser: ChatBrowser;

  before(async () => {
    desk = await startDeskApp({ SUPPORT_STAFF: `${STAFF}:lead,bo@example.com`, DIRECT_LINE_STREAM_POLL_MS: '300' });
    browser = await launchChatBrowser();
  });
  after(async () => {
    await browser?.close();
    await desk?.stop();
  });

  it('takes a case from filing to a decision', async () => {
    const { page } = browser;
    // 1. The buyer files with a PDF through Direct Line.
    const buyer = await ChatUser.open(desk.url, 'buyer');
    let mark = await buyer.say('I want to file a complaint');
    mark = await verifyEmail(buyer, desk.outbox, mark, { name: 'Ann Buyer', company: 'Buyer GmbH', email: BUYER });
    const typeCard = await buyer.waitForCard(/complaint type/i, mark);
    mark = await buyer.click(typeCard, 'Continue', { typeId: choiceValue(typeCard, 'typeId', /^Other trade disputes/) });
    mark = await buyer.click(await buyer.waitForCard(/Where was the order placed/i, mark), /^No\b/);
    mark = await buyer.click(await buyer.waitForCard(/Complaint form/i, mark), 'Continue', { orderNumber: 'PO-77', description: 'Forty units missing from the delivery.' });
    mark = await buyer.click(await buyer.waitForCard(/Who is the complaint against/i, mark), 'Continue', { respondentCompany: 'Supplier Ltd', respondentEmail: SUPPLIER });
    await buyer.waitForCard('Evidence', mark);
    mark = await buyer.upload([{ name: 'order.pdf', type: 'application/pdf', bytes: PDF }]);
    const received = await buyer.waitFor('evidence received', (m) => Boolean(m.card && /Received: order\.pdf/.test(cardText(m.card))), mark);
    mark = await buyer.click(received.card!, 'Continue');
    mark = await buyer.click(await buyer.waitForCard('Check your complaint', mark), 'Submit complaint');
    const [number] = factValues(await buyer.waitForCard('Your complaint has been submitted', mark), 'Case number');
    expect(number).to.match(/^C-\d{4}-\d{6}$/);

    // 2. The supplier answers.
    const supplier = await ChatUser.open(desk.url, 'supplier');
    const menu = await supplier.waitForCard('Complaint Center', 0);
    mark = await supplier.click(menu, 'Respond to a complaint');
    await verifyEmail(supplier, desk.outbox, mark, { name: 'Sam Supplier', company: 'Supplier Ltd', email: SUPPLIER });
    await respond(supplier, number!, 'All 400 units were shipped; see the packing list.');

    // 3. Staff signs in with the code from the outbox.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${desk.url}/support`);
    await page.getByLabel('Work email').fill(STAFF);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    const code = await desk.outbox.verificationCode(STAFF);
    await page.getByLabel('6-digit code from the email').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // 4. The case is at the top of the queue, needing a decision.
    const first = page.locator('#queue-list > li').first();
    await first.waitFor();
    expect(await first.getAttribute('data-case')).to.equal(number);
    expect(await first.locator('.badge').textContent()).to.equal('Needs a decision');
    expect(await first.textContent()).to.contain('The respondent responded').and.contain('Processing');
    await screenshot(page, 'desk-queue-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'desk-queue-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // 5. The case page: download the PDF, same bytes; the parties' cards are rendered.
    await first.getByRole('link', { name: number }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(number!) }).waitFor();
    await page.locator('#card-complainant .ac-adaptiveCard').waitFor({ timeout: 10_000 }).catch((err: Error) => {
      throw new Error(`${err.message}\nbrowser errors: ${browser.errors.join('\n')}`);
    });
    expect(await page.locator('#card-respondent').textContent()).to.contain('Processing');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'order.pdf' }).click()]);
    expect(download.suggestedFilename()).to.equal('order.pdf');
    expect((await readFile((await download.path())!)).equals(PDF)).to.equal(true);
    await screenshot(page, 'desk-case-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'desk-case-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // 6. Ask the complainant for more, with a message.
    const ask = page.locator('form.action', { has: page.getByRole('heading', { name: 'Request a response' }) });
    await ask.getByLabel('Party', { exact: true }).selectOption('complainant');
    await ask.getByLabel('Message to the party').fill('Please send the delivery note signed by your warehouse.');
    await ask.getByRole('button', { name: 'Request response' }).click();
    await page.locator('.status--ok', { hasText: 'Request a response: done.' }).waitFor();

    // 7. The buyer sees the message and 'Awaiting my response' in chat, and answers.
    await buyer.waitForText(/Please send the delivery note signed by your warehouse\./, mark);
    expect(await chatStatus(buyer, number!)).to.deep.equal(['Awaiting my response']);
    await respond(buyer, number!, 'Attached is the signed delivery note: 360 units received.');

    // 8. The page updates live (no reload) and the staff member closes the case with an outcome.
    await page.locator('.status--ok', { hasText: 'The case was updated.' }).waitFor({ timeout: 15_000 });
    await page.locator('.row__reason', { hasText: 'The complainant responded' }).waitFor();
    const close = page.locator('form.action', { has: page.getByRole('heading', { name: 'Close the case' }) });
    await close.getByLabel('Outcome').selectOption('resolved_for_complainant');
    await close.getByLabel(/Resolution/).fill('The supplier refunds the 40 missing units.');
    await close.getByRole('button', { name: 'Close case' }).click();
    await page.locator('.status--ok', { hasText: 'Close the case: done.' }).waitFor();
    expect(await page.locator('.case-head__meta code').textContent()).to.equal('closed');

    // 9. Both parties see 'Case Closed' in chat and get an email with the outcome and resolution.
    for (const [user, email] of [[buyer, BUYER], [supplier, SUPPLIER]] as const) {
      expect(await chatStatus(user, number!)).to.deep.equal(['Case Closed']);
      const mail = await desk.outbox.waitForNewest(email, 'case closed', (m) => m.subject.includes(`[${number}] Case Closed`));
      expect(mail.text).to.contain('Outcome: Resolved in favour of the complainant.').and.contain('The supplier refunds the 40 missing units.');
    }
    // The closed case in the Teams dark theme, whole page (the parties' cards are below the fold).
    await page.goto(`${desk.url}/support/cases/${number}?theme=dark`);
    await page.locator('#card-respondent .ac-adaptiveCard').waitFor();
    expect(await page.locator('#card-respondent').textContent()).to.contain('Case Closed');
    await page.screenshot({ path: 'test-artifacts/desk-case-closed-dark-1280.png', fullPage: true });
    expect(browser.errors).to.deep.equal([]);
  });
});
