// Browser helpers for web chat tests: Debian's chromium driven by playwright-core (never a
// downloaded browser), launched exactly as the issue prescribes, and small steps a person takes in
// Web Chat (read the transcript, type, click card buttons, fill card inputs, attach files).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = 'test-artifacts';

export interface ChatBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (CSP violations show up here). */
  errors: string[];
  close(): Promise<void>;
}

export async function launchChatBrowser(): Promise<ChatBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'webchat-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The transcript's activities (bot and user), in order. */
export const transcriptItems = (page: Page): Locator => page.locator('.webchat__basic-transcript__activity');

/** Bot activities only. */
export const botItems = (page: Page): Locator =>
  page.locator('.webchat__basic-transcript__activity:not(:has(.webchat__stacked-layout--from-user))');

export const userItems = (page: Page): Locator =>
  page.locator('.webchat__basic-transcript__activity:has(.webchat__stacked-layout--from-user)');

/** Waits until some bot activity shows `text`. */
export async function waitForBotText(page: Page, text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
  const item = botItems(page).filter({ hasText: text }).last();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  return item;
}

// No DOM typings in this project: the page-side functions describe what they touch.
type FocusDocument = { activeElement: unknown };

/** Whether the element has the keyboard focus. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => (el as unknown as { ownerDocument: FocusDocument }).ownerDocument.activeElement === el);
}

/** The id of the element that has the keyboard focus. */
export function focusedId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => ((globalThis as unknown as { document: FocusDocument }).document.activeElement as { id?: string } | null)?.id);
}

export function sendBox(page: Page): Locator {
  return page.locator('[data-id="webchat-sendbox-input"]');
}

/** Types a message and sends it with Enter, as a keyboard user does; waits for the server's echo. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const before = await userItems(page).count();
  await sendBox(page).click();
  await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
  await userItems(page).nth(before).filter({ hasText: text }).waitFor({ timeout: 10_000 });
}

/** Where to look for card controls: the whole page, or one transcript item (see waitForBotText). */
export type Scope = Page | Locator;

/** Clicks the last button with this title in the scope (a card returned by waitForBotText, ideally). */
export async function clickCardAction(scope: Scope, title: string | RegExp): Promise<void> {
  await scope.getByRole('button', { name: title }).last().click();
}

/** Fills the last text input with this accessible name (its label) in the scope. */
export async function fillCardInput(scope: Scope, label: string | RegExp, value: string): Promise<void> {
  await scope.getByRole('textbox', { name: label }).last().fill(value);
}

/** Fills a date input (Input.Date) by its label, with YYYY-MM-DD. */
export async function fillCardDate(scope: Scope, label: string | RegExp, isoDate: string): Promise<void> {
  await scope.getByLabel(label).last().fill(isoDate);
}

/** Picks an option of a choice set: a radio button (expanded) or a select (compact). */
export async function chooseCardOption(scope: Scope, option: string | RegExp, selectLabel?: string | RegExp): Promise<void> {
  if (selectLabel) {
    await scope.getByRole('combobox', { name: selectLabel }).last().selectOption({ label: String(option) });
    return;
  }
  await scope.getByRole('radio', { name: option }).last().check();
}

/**
 * Attaches files with Web Chat's upload button (the paperclip) and sends them, with an optional
 * message: Web Chat 4.18 holds attachments in the send box until Send (sendAttachmentOn: 'send').
 */
export async function attachFiles(page: Page, files: Array<{ name: string; mimeType: string; buffer: Buffer }>, text = ''): Promise<void> {
  const before = await userItems(page).count();
  await page.locator('input[type="file"]').setInputFiles(files);
  await sendBox(page).click();
  if (text) await sendBox(page).fill(text);
  await sendBox(page).press('Enter');
  await userItems(page).nth(before).waitFor({ timeout: 15_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
