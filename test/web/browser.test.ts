// The web chat page in a real browser (Debian chromium + playwright-core) against the real app
// and its real bot, through the local Direct Line: welcome card, a message and its reply, the
// same user after a reload, and the ?case= link. Screenshots go to test-artifacts/.
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { ACTIVITIES_COLLECTION } from '../../src/web/directline/conversation-store.js';
import { attachFiles, botItems, clickCardAction, focusedId, isFocused, launchChatBrowser, screenshot, sendBox, sendMessage, userItems, waitForBotText, type ChatBrowser } from './support/browser.js';
import { EchoBot } from './support/echo-bot.js';
import { startWebChatApp, type WebChatTestApp } from './support/webchat-app.js';

describe('web chat: in the browser', function () {
  this.timeout(60_000);
  let server: WebChatTestApp;
  let browser: ChatBrowser;

  before(async () => {
    server = await startWebChatApp({ PLATFORM_NAME: 'Browser Market' });
    browser = await launchChatBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the welcome card, sends a message and shows the reply, with no errors', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await expect(await page.title()).to.equal('Complaint Center | Browser Market');
    await waitForBotText(page, /Browser Market Complaint Center/);

    const botsBefore = await botItems(page).count();
    await sendMessage(page, 'help');
    await botItems(page).nth(botsBefore).waitFor({ timeout: 15_000 });
    expect(await page.getByText(/Send failed/i).count(), 'Send failed').to.equal(0);
    expect(await userItems(page).count()).to.equal(1);
    await screenshot(page, 'webchat-welcome-and-reply');
    expect(browser.errors, 'browser console errors').to.deep.equal([]);
  });

  it('works from the keyboard: skip link to the chat, labelled send box, message sent with Enter', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await waitForBotText(page, /Browser Market Complaint Center/);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to the chat' });
    expect(await isFocused(skip)).to.equal(true);
    await page.keyboard.press('Enter');
    expect(await focusedId(page)).to.equal('chat');
    expect(await page.getByRole('region', { name: 'Chat with the Complaint Center' }).count()).to.equal(1);
    const input = sendBox(page);
    expect(await input.getAttribute('aria-label')).to.match(/message/i);
    // From the chat section, Tab moves into Web Chat and on to its send box.
    for (let i = 0; i < 15 && !(await isFocused(input)); i++) await page.keyboard.press('Tab');
    expect(await isFocused(input), 'send box reached with Tab').to.equal(true);
    await page.keyboard.type('typed with the keyboard');
    await page.keyboard.press('Enter');
    await userItems(page).filter({ hasText: 'typed with the keyboard' }).waitFor({ timeout: 10_000 });
  });

  it('keeps the same user across a reload, and a ?case= link tells the bot which case to open', async () => {
    const { page } = browser;
    const userBefore = await page.locator('body').getAttribute('data-chat-user');
    expect(userBefore).to.match(/^dl_/);
    await page.goto(`${server.url}/?case=C-2026-000042`);
    await waitForBotText(page, /Browser Market Complaint Center/);
    expect(await page.locator('body').getAttribute('data-chat-user')).to.equal(userBefore);
    await expect(await page.locator('.case-notice').textContent()).to.contain('C-2026-000042');

    const events = server.app.db.collection<{ json: string }>(ACTIVITIES_COLLECTION);
    const deadline = Date.now() + 10_000;
    let join: { from: { id: string }; value: { case?: string; locale?: string; timeZone?: string } } | undefined;
    while (!join && Date.now() < deadline) {
      for (const doc of await events.find({}).toArray()) {
        const activity = JSON.parse(doc.json) as { type: string; name?: string; from: { id: string }; value: { case?: string } };
        if (activity.type === 'event' && activity.name === 'webchat/join' && activity.value?.case === 'C-2026-000042') join = activity;
      }
      if (!join) await new Promise((r) => setTimeout(r, 100));
    }
    expect(join, 'webchat/join event with the case').to.not.equal(undefined);
    expect(join!.from.id).to.equal(userBefore);
    expect(join!.value.locale).to.be.a('string');
    expect(join!.value.timeZone).to.be.a('string');
    await screenshot(page, 'webchat-case-link');
  });
});

describe('web chat: in the browser, uploads and card buttons', function () {
  this.timeout(60_000);
  let server: WebChatTestApp;
  let browser: ChatBrowser;

  before(async () => {
    server = await startWebChatApp({ PLATFORM_NAME: 'Echo Market' }, () => new EchoBot());
    browser = await launchChatBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a card button press and a file from the paperclip; the bot gets the same bytes', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await waitForBotText(page, 'Welcome to the echo Complaint Center');
    await clickCardAction(page, 'Say hi');
    await waitForBotText(page, 'submitted action=hi');

    const bytes = randomBytes(50 * 1024);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await attachFiles(page, [{ name: 'contract.pdf', mimeType: 'application/pdf', buffer: bytes }]);
    await waitForBotText(page, `file contract.pdf ${bytes.length} bytes sha256=${sha} status=200`);
    expect(await page.getByText(/Send failed/i).count()).to.equal(0);
    await screenshot(page, 'webchat-upload');
    expect(browser.errors).to.deep.equal([]);
  });
});
