// Filing a complaint end to end in a real browser: the page, Web Chat, the local Direct Line, the
// real app and the real Complaint Center bot. Through the cards: verify the email (code captured
// instead of emailed), choose the type, fill the form, name the other party, attach evidence with
// the paperclip, submit, and see the case number. Screenshots go to test-artifacts/.
import { expect } from 'chai';
import {
  attachFiles,
  chooseCardOption,
  clickCardAction,
  fillCardDate,
  fillCardInput,
  launchChatBrowser,
  screenshot,
  waitForBotText,
  type ChatBrowser,
} from './support/browser.js';
import { complaintWorld, type ComplaintWorld } from './support/complaint-bot.js';
import { startWebChatApp, type WebChatTestApp } from './support/webchat-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

describe('web chat: filing a complaint in the browser', function () {
  this.timeout(60_000);
  let server: WebChatTestApp;
  let browser: ChatBrowser;
  let world: ComplaintWorld;

  before(async () => {
    world = complaintWorld();
    server = await startWebChatApp({ PLATFORM_NAME: 'Browser Market' }, (ctx) => world.createBot(ctx));
    await world.prepare(server.url);
    browser = await launchChatBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('files a complaint through the cards, with a file, and shows the case number', async () => {
    const { page } = browser;
    const step = async (name: string, work: () => Promise<unknown>): Promise<void> => {
      try {
        await work();
      } catch (err) {
        await screenshot(page, `webchat-complaint-failed-at-${name}`);
        throw err;
      }
    };

    await page.goto(`${server.url}/`);
    await step('welcome', async () => {
      const card = await waitForBotText(page, /Browser Market Complaint Center/);
      await clickCardAction(card, 'File a complaint');
    });
    await step('verify-details', async () => {
      const card = await waitForBotText(page, 'Confirm your email address');
      await fillCardInput(card, /Your name/, 'Ann Buyer');
      await fillCardInput(card, /Company/, 'Buyer Ltd');
      await fillCardInput(card, /Email address/, 'ann@buyer.example');
      await clickCardAction(card, 'Send me a code');
    });
    await step('verify-code', async () => {
      const card = await waitForBotText(page, 'Enter your code');
      const code = world.codes.get('ann@buyer.example');
      expect(code, 'a code was sent').to.match(/^\d{6}$/);
      await fillCardInput(card, /6-digit code/, code!);
      await clickCardAction(card, 'Confirm');
    });
    await step('type', async () => {
      const card = await waitForBotText(page, 'File a complaint — complaint type');
      await chooseCardOption(card, /Fraud or suspicious member/);
      await clickCardAction(card, 'Continue');
    });
    await step('form', async () => {
      const card = await waitForBotText(page, /Date of the incident/);
      await fillCardDate(card, /Date of the incident/, '2026-01-02');
      await fillCardInput(card, /What happened/, 'They asked me to pay outside the platform.');
      await clickCardAction(card, 'Continue');
    });
    await step('respondent', async () => {
      const card = await waitForBotText(page, 'Who is the complaint against?');
      await fillCardInput(card, /Company name/, 'Bad Co');
      await fillCardInput(card, /Their email address/, 'sales@bad.example');
      await clickCardAction(card, 'Continue');
    });
    await step('evidence', async () => {
      await waitForBotText(page, /Skip — no evidence/);
      await attachFiles(page, [{ name: 'chat-history.pdf', mimeType: 'application/pdf', buffer: PDF }]);
      const card = await waitForBotText(page, /Received: chat-history\.pdf/);
      await clickCardAction(card, /^Continue$/);
    });
    await step('summary', async () => {
      const card = await waitForBotText(page, 'Check your complaint');
      await clickCardAction(card, 'Submit complaint');
    });
    let caseNumber = '';
    await step('submitted', async () => {
      const card = await waitForBotText(page, 'Your complaint has been submitted');
      await card.evaluate((element) => element.scrollIntoView({ block: 'start' }));
      const text = (await card.textContent()) ?? '';
      caseNumber = /C-\d{4}-\d{6}/.exec(text)![0];
      // The status label reads exactly as the source writes it (no typographic apostrophe).
      expect(text).to.contain("Awaiting the other party's response");
    });
    await screenshot(page, 'webchat-complaint-filed');

    const filed = await world.caseService!.getByNumber(caseNumber);
    expect(filed?.evidence.map((e) => e.name)).to.deep.equal(['chat-history.pdf']);
    expect(await page.getByText(/Send failed/i).count()).to.equal(0);
    expect(browser.errors).to.deep.equal([]);
  });
});
