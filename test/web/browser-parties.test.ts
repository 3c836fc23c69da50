// The parties' chat as new users meet it, in Debian's chromium at a phone's and a laptop's width: a
// buyer files a complaint with a PDF, the supplier answers it, and each opens the other party's file
// through the link in the case card. Every card is checked as a person reads it (no word split across
// lines, no choice cut off), the page logs no console error, an oversized file is refused in the chat
// with the limit, and a third user never gets a link. Screenshots go to test-artifacts/.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { MailOutbox } from '../e2e/support/mail-outbox.js';
import { buildZip, png } from '../evidence/fixtures.js';
import {
  attachFiles,
  chooseCardOption,
  clickCardAction,
  fillCardDate,
  fillCardInput,
  launchChatBrowser,
  screenshot,
  sendMessage,
  waitForBotText,
  type ChatBrowser,
} from './support/browser.js';
import { startWebChatApp, type WebChatTestApp } from './support/webchat-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% buyer evidence\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const SUPPLIER_PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% proof of shipment\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const CASE_NUMBER = /C-\d{4}-\d{6}/;

// No DOM typings in this project: the page-side code names what it touches.
interface RectLike { top: number }
interface NodeLike { nodeType: number; textContent: string | null }
interface ElementLike { querySelectorAll(s: string): ArrayLike<ElementLike>; scrollWidth: number; clientWidth: number; textContent: string | null; ownerDocument: DocLike }
interface DocLike {
  createTreeWalker(root: ElementLike, what: number): { nextNode(): NodeLike | null };
  createRange(): { setStart(n: NodeLike, o: number): void; setEnd(n: NodeLike, o: number): void; getClientRects(): ArrayLike<RectLike> };
}

/** Words of the card's text blocks that the layout broke across two lines (e.g. "Orde|r"). */
async function splitWords(card: Locator): Promise<string[]> {
  return card.evaluate((root) => {
    const el = root as unknown as ElementLike;
    const doc = el.ownerDocument;
    const out: string[] = [];
    for (const block of Array.from(el.querySelectorAll('.ac-textBlock, .ac-input-container label, .ac-input label'))) {
      const walker = doc.createTreeWalker(block, 4);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        // Browsers may break after a hyphen or a slash: the pieces between are the words that must stay whole.
        for (const m of text.matchAll(/[^\s\-/]+/g)) {
          const range = doc.createRange();
          range.setStart(node, m.index ?? 0);
          range.setEnd(node, (m.index ?? 0) + m[0].length);
          const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
          if (tops.size > 1) out.push(m[0]);
        }
      }
    }
    return out;
  });
}

/** Choice labels whose text does not fit (cut off with an ellipsis). */
async function truncatedChoices(card: Locator): Promise<string[]> {
  return card.evaluate((root) =>
    Array.from((root as unknown as ElementLike).querySelectorAll('.ac-choiceSetInput-expanded label, .ac-choiceSetInput-expanded span'))
      .filter((l) => l.scrollWidth > l.clientWidth + 1)
      .map((l) => l.textContent ?? ''),
  );
}

async function readsCleanly(card: Locator, what: string): Promise<void> {
  expect(await splitWords(card), `${what}: words split across lines`).to.deep.equal([]);
  expect(await truncatedChoices(card), `${what}: choices cut off`).to.deep.equal([]);
}

async function show(page: Page, card: Locator, name: string): Promise<void> {
  await card.evaluate((e) => (e as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'start' }));
  await screenshot(page, name);
}

/** Follows the card's link to `fileName` in a new tab of the same browser, as a person opening it does, and gives the downloaded bytes. */
async function downloadThroughCard(page: Page, card: Locator, fileName: string): Promise<{ bytes: Buffer; href: string }> {
  const link = card.getByRole('link', { name: new RegExp(fileName.replace('.', '\\.')) }).last();
  expect(await link.getAttribute('target'), 'the link opens beside the chat').to.equal('_blank');
  const href = (await link.getAttribute('href')) ?? '';
  const tab = await page.context().newPage();
  try {
    const [download] = await Promise.all([tab.waitForEvent('download'), tab.goto(href).catch(() => undefined)]);
    return { bytes: await readFile(await download.path()), href };
  } finally {
    await tab.close();
  }
}

for (const width of [390, 1280]) {
  describe(`web chat at ${width} px: the parties file, answer and open each other's files`, function () {
    this.timeout(120_000);
    let server: WebChatTestApp;
    let dataDir: string;
    let outbox: MailOutbox;
    const browsers: ChatBrowser[] = [];
    const open = async (): Promise<ChatBrowser> => {
      const b = await launchChatBrowser();
      await b.page.setViewportSize({ width, height: width < 600 ? 844 : 860 });
      browsers.push(b);
      return b;
    };

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'cc-parties-'));
      outbox = new MailOutbox(path.join(dataDir, 'outbox'));
      server = await startWebChatApp({ DATA_DIR: dataDir, PLATFORM_NAME: 'Alibaba.com', EVIDENCE_MAX_FILE_MB: '1' });
    });
    after(async () => {
      for (const b of browsers) await b.close();
      await server?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    async function verify(page: Page, name: string, company: string, email: string): Promise<void> {
      const card = await waitForBotText(page, 'Confirm your email address');
      await readsCleanly(card, 'email card');
      await fillCardInput(card, /Your name/, name);
      await fillCardInput(card, /Company/, company);
      await fillCardInput(card, /Email address/, email);
      await clickCardAction(card, 'Send me a code');
      const codeCard = await waitForBotText(page, 'Enter your code');
      await fillCardInput(codeCard, /6-digit code/, await outbox.verificationCode(email));
      await clickCardAction(codeCard, 'Confirm');
    }

    it('files, answers, and lets each party open the other party\'s PDF through the card', async () => {
      const tag = `parties-${width}`;
      // ── The buyer files a complaint ──
      const buyer = await open();
      const { page } = buyer;
      await page.goto(`${server.url}/`);
      let card = await waitForBotText(page, /Complaint Center/);
      expect(await card.getByRole('link', { name: 'Alibaba.com' }).count(), 'the platform name is text, not a link').to.equal(0);
      await screenshot(page, `${tag}-01-welcome`);
      await clickCardAction(card, 'File a complaint');
      await verify(page, 'Ann Buyer', 'Buyer Ltd', 'ann@buyer.example');

      card = await waitForBotText(page, 'File a complaint — complaint type');
      await readsCleanly(card, 'type choice');
      expect(await card.innerText()).to.contain('Products are not as described — ');
      await show(page, card, `${tag}-02-type`);
      await chooseCardOption(card, /Products are not as described/);
      await clickCardAction(card, 'Continue');

      card = await waitForBotText(page, 'Where was the order placed?');
      await clickCardAction(card, /No, somewhere else/);

      card = await waitForBotText(page, /Complaint form — Products are not as described/);
      await readsCleanly(card, 'form');
      const statement = card.getByRole('textbox', { name: /What differs/ });
      const box = await statement.boundingBox();
      expect(box?.height ?? 0, 'the statement box holds a paragraph').to.be.greaterThan(100);
      await show(page, card, `${tag}-03-form`);
      await fillCardInput(card, /Order number/, 'PO-7781');
      await fillCardDate(card, /Date received/, '2026-11-02');
      await fillCardInput(card, /Order value/, '980 EUR');
      await card.getByRole('combobox').last().selectOption({ label: 'Damaged' });
      await statement.fill('Half of the 200 chairs arrived with broken legs, and the colour is wrong: we ordered walnut and received oak.');
      await clickCardAction(card, 'Continue');

      card = await waitForBotText(page, 'Who is the complaint against?');
      await fillCardInput(card, /Company name/, 'Furniture Manufacturing Co');
      await fillCardInput(card, /Their email address/, 'sales@furniture.example');
      await clickCardAction(card, 'Continue');

      card = await waitForBotText(page, /Skip — no evidence/);
      await readsCleanly(card, 'evidence step');
      await show(page, card, `${tag}-04-evidence`);
      // Over the limit (1 MB here): refused in the page with a message in the chat, nothing sent.
      await page.locator('input[type="file"]').setInputFiles([{ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(1_300_000, 0x20) }]);
      const refusal = await waitForBotText(page, /"scan\.pdf" \(1\.\d MB\) is larger than 1 MB/);
      expect(await refusal.innerText()).to.match(/zip/);
      await screenshot(page, `${tag}-05-too-large`);
      await attachFiles(page, [{ name: 'chat-history.pdf', mimeType: 'application/pdf', buffer: PDF }]);
      card = await waitForBotText(page, /Received: chat-history\.pdf/);
      const received = card.getByText(/Received: chat-history\.pdf/);
      const colour = await received.evaluate((e) => (e as unknown as { ownerDocument: { defaultView: { getComputedStyle(x: unknown): { color: string } } } }).ownerDocument.defaultView.getComputedStyle(e).color);
      const [r, g] = (colour.match(/\d+/g) ?? []).map(Number);
      expect(g, `success colour is green-ish, not red (${colour})`).to.be.greaterThan(r);
      await clickCardAction(card, /^Continue$/);

      card = await waitForBotText(page, 'Check your complaint');
      await readsCleanly(card, 'summary');
      expect(await card.innerText()).to.contain('Ordered on AliExpress: No').and.contain('Order number: PO-7781');
      await show(page, card, `${tag}-06-summary`);
      await clickCardAction(card, 'Submit complaint');

      card = await waitForBotText(page, 'Your complaint has been submitted');
      await readsCleanly(card, 'submitted');
      const caseNumber = CASE_NUMBER.exec((await card.innerText()) ?? '')![0];
      await show(page, card, `${tag}-07-submitted`);

      await sendMessage(page, `status ${caseNumber}`);
      card = await waitForBotText(page, /Timeline/);
      await readsCleanly(card, 'case detail');
      await show(page, card, `${tag}-08-detail`);
      const own = await downloadThroughCard(page, card, 'chat-history.pdf');
      expect(own.bytes.equals(PDF), 'the buyer opens its own file').to.equal(true);

      // ── The supplier answers, with a file of its own ──
      const supplier = await open();
      const sp = supplier.page;
      await sp.goto(`${server.url}/?case=${caseNumber}`);
      expect(await sp.locator('.case-notice').innerText()).to.match(/one-time code/);
      card = await waitForBotText(sp, /Complaint Center/);
      await clickCardAction(card, 'Respond to a complaint');
      await verify(sp, 'Sam Supplier', 'Furniture Manufacturing Co', 'sales@furniture.example');
      card = await waitForBotText(sp, /awaiting your response/i);
      await clickCardAction(card, 'Open and respond');
      card = await waitForBotText(sp, /Timeline/);
      await readsCleanly(card, 'case detail (supplier)');
      const theirs = await downloadThroughCard(sp, card, 'chat-history.pdf');
      expect(theirs.bytes.equals(PDF), "the supplier opens the buyer's file").to.equal(true);
      expect(theirs.href, 'each member gets its own link').to.not.equal(own.href);
      await clickCardAction(card, 'Respond now');
      card = await waitForBotText(sp, `Your response to ${caseNumber}`);
      await fillCardInput(card, /response|statement/i, 'We shipped walnut chairs, packed on pallets; the photos of the loading are attached.');
      await clickCardAction(card, 'Continue');
      await waitForBotText(sp, `Evidence for ${caseNumber}`);
      const photos = await buildZip([{ name: 'loading/pallet-1.png', data: png(1) }, { name: 'loading/pallet-2.png', data: png(2) }]);
      await attachFiles(sp, [
        { name: 'proof-of-shipment.pdf', mimeType: 'application/pdf', buffer: SUPPLIER_PDF },
        { name: 'loading-photos.zip', mimeType: 'application/zip', buffer: photos },
      ]);
      card = await waitForBotText(sp, /loading-photos\.zip/);
      await clickCardAction(card, 'Send my response');
      await waitForBotText(sp, 'Your response has been sent');

      // ── The buyer opens the supplier's file from a fresh card ──
      await sendMessage(page, `status ${caseNumber}`);
      card = await waitForBotText(page, /Contains 2 files/);
      expect(await card.innerText(), 'the zip is listed').to.contain('Contains 2 files: pallet-1.png, pallet-2.png.');
      await readsCleanly(card, 'case detail after the answer');
      await show(page, card.getByText(/Evidence/).first(), `${tag}-09-detail-answered`);
      const supplierFile = await downloadThroughCard(page, card, 'proof-of-shipment.pdf');
      expect(supplierFile.bytes.equals(SUPPLIER_PDF), "the buyer opens the supplier's file").to.equal(true);

      // An altered link is refused.
      const altered = `${own.href.slice(0, -4)}${own.href.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
      expect((await fetch(altered)).status).to.equal(403);

      // ── A third user asks for the case: not found, and no link anywhere in its chat ──
      const third = await open();
      await third.page.goto(`${server.url}/`);
      await waitForBotText(third.page, /Complaint Center/);
      await sendMessage(third.page, `status ${caseNumber}`);
      await waitForBotText(third.page, /no case|not found|confirm your email/i);
      expect(await third.page.locator('a[href*="/files/"]').count()).to.equal(0);

      for (const b of [buyer, supplier, third]) expect(b.errors, 'console errors').to.deep.equal([]);
    });
  });
}
