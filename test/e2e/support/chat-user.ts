// One person chatting with the bot over the local Direct Line v3 HTTP API, as a scripted check (or
// Web Chat without its WebSocket) does: start a conversation, post messages, card submits and uploads,
// and poll the activities by watermark. Failures say what was awaited and show the bot's last activities.
import { randomBytes } from 'node:crypto';
import { ADAPTIVE_CARD, cardText, cardTitle, findAction, submitActions, submitValue, type Card } from './cards.js';

export interface DlActivity {
  type: string;
  id: string;
  text?: string;
  value?: unknown;
  from: { id: string; role?: string };
  attachments?: Array<{ contentType: string; content?: unknown; contentUrl?: string; name?: string }>;
}

export interface BotMessage {
  activity: DlActivity;
  text: string;
  /** The first Adaptive Card of the message, if any. */
  card?: Card;
}

export interface UploadFile {
  name: string;
  type: string;
  bytes: Buffer;
}

const POLL_MS = 100;

function describeMessage(m: BotMessage): string {
  const parts: string[] = [];
  if (m.text) parts.push(JSON.stringify(m.text.slice(0, 200)));
  if (m.card) {
    const body = cardText(m.card).replace(/\s+/g, ' ');
    parts.push(`card "${cardTitle(m.card)}" [${submitActions(m.card).map((a) => a.title).join(' | ')}] ${body.slice(0, 300)}`);
  }
  return parts.join(' ') || `(${m.activity.type})`;
}

export class ChatUser {
  /** Every activity of the conversation so far, in order. */
  readonly activities: DlActivity[] = [];
  private watermark: string | undefined;
  private sent = 0;

  private constructor(
    readonly label: string,
    private readonly domain: string,
    readonly conversationId: string,
    private readonly token: string,
  ) {}

  /** POST /v3/directline/conversations without a token: a new anonymous user (local mode). */
  static async open(baseUrl: string, label: string): Promise<ChatUser> {
    const domain = `${baseUrl}/v3/directline`;
    const res = await fetch(`${domain}/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    if (res.status !== 201 && res.status !== 200) throw new Error(`${label}: starting a conversation answered ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { conversationId: string; token: string };
    return new ChatUser(label, domain, body.conversationId, body.token);
  }

  /** The bot's messages so far (or from activity index `since` on). */
  botMessages(since = 0): BotMessage[] {
    return this.activities
      .slice(since)
      .filter((a) => a.type === 'message' && a.from.role === 'bot')
      .map((activity) => {
        const card = activity.attachments?.find((a) => a.contentType === ADAPTIVE_CARD)?.content as Card | undefined;
        return { activity, text: activity.text ?? '', card };
      });
  }

  /** Where the next reply will be in `activities`: pass it to waitFor to see only what comes later. */
  get mark(): number {
    return this.activities.length;
  }

  async poll(): Promise<void> {
    const query = this.watermark === undefined ? '' : `?watermark=${encodeURIComponent(this.watermark)}`;
    const res = await fetch(`${this.domain}/conversations/${this.conversationId}/activities${query}`, { headers: { Authorization: `Bearer ${this.token}` } });
    if (res.status !== 200) throw new Error(`${this.label}: GET activities answered ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { activities: DlActivity[]; watermark: string };
    this.activities.push(...page.activities);
    this.watermark = page.watermark;
  }

  /** The first bot message after `since` that matches, polling until `timeoutMs`. */
  async waitFor(describe: string, match: (m: BotMessage) => boolean, since: number, timeoutMs = 8_000): Promise<BotMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.poll();
      const found = this.botMessages(since).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${this.label}: no bot message ${describe} within ${timeoutMs} ms.\n${this.transcript(since)}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** The first card after `since` whose title matches. */
  async waitForCard(title: string | RegExp, since: number, timeoutMs?: number): Promise<Card> {
    const test = (t: string): boolean => (typeof title === 'string' ? t === title : title.test(t));
    const m = await this.waitFor(`with a card titled ${String(title)}`, (x) => Boolean(x.card && test(cardTitle(x.card))), since, timeoutMs);
    return m.card!;
  }

  /** The first message after `since` whose text or card text matches. */
  async waitForText(pattern: RegExp, since: number, timeoutMs?: number): Promise<BotMessage> {
    return this.waitFor(`saying ${String(pattern)}`, (m) => pattern.test(m.text) || Boolean(m.card && pattern.test(cardText(m.card))), since, timeoutMs);
  }

  /** The bot's last messages (after `since`, at most 10), for failure messages. */
  transcript(since = 0): string {
    const messages = this.botMessages(since).slice(-10);
    const lines = messages.map((m, i) => `  ${i + 1}. ${describeMessage(m)}`);
    return `Last bot activities of ${this.label}${since ? ` since #${since}` : ''}:\n${lines.join('\n') || '  (none)'}`;
  }

  private async post(activity: Record<string, unknown>): Promise<{ status: number; body: string }> {
    this.sent += 1;
    const res = await fetch(`${this.domain}/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: 'en-US', ...activity, channelData: { clientActivityID: `${this.label}-${this.sent}-${randomBytes(3).toString('hex')}` } }),
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${this.label}: posting ${JSON.stringify(activity).slice(0, 300)} answered ${res.status} ${body}\n${this.transcript()}`);
    return { status: res.status, body };
  }

  /** Types a message. Returns the mark to wait for the answer from. */
  async say(text: string): Promise<number> {
    await this.poll();
    const mark = this.mark;
    await this.post({ type: 'message', text, textFormat: 'plain' });
    return mark;
  }

  /** Posts a card submit value as it is (also a forged one). Returns the mark. */
  async sendValue(value: unknown): Promise<number> {
    await this.poll();
    const mark = this.mark;
    await this.post({ type: 'message', value });
    return mark;
  }

  /** Clicks the Action.Submit titled `title` on `card` after filling in `typed` inputs. Returns the mark. */
  async click(card: Card, title: string | RegExp, typed: Record<string, string> = {}): Promise<number> {
    const action = findAction(card, title);
    if (!action) {
      throw new Error(`${this.label}: the card "${cardTitle(card)}" has no action ${String(title)}; it has [${submitActions(card).map((a) => a.title).join(' | ')}]`);
    }
    return this.sendValue(submitValue(card, action, typed));
  }

  /** Sends files with the paperclip: POST …/upload with the activity and file parts. Returns the mark. */
  async upload(files: UploadFile[]): Promise<number> {
    await this.poll();
    const mark = this.mark;
    const form = new FormData();
    const activity = { type: 'message', attachments: files.map((f) => ({ contentType: f.type, name: f.name })), channelData: { clientActivityID: `${this.label}-upload-${randomBytes(3).toString('hex')}` } };
    form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
    for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
    const res = await fetch(`${this.domain}/conversations/${this.conversationId}/upload`, { method: 'POST', headers: { Authorization: `Bearer ${this.token}` }, body: form });
    if (res.status !== 200) throw new Error(`${this.label}: upload answered ${res.status} ${await res.text()}\n${this.transcript()}`);
    return mark;
  }
}
