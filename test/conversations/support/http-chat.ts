// One chat user talking to the real app over POST /api/messages; the bot's replies (and proactive
// messages) arrive at the test's connector server. Each call returns what arrived since the last one.
import { expect } from 'chai';
import { channelActivity, postToBot, type Connector, type ReceivedActivity } from '../../support/connector.js';
import { cardText, submitActions } from '../../bot/support/card-check.js';

type Json = Record<string, unknown>;

export interface Replies {
  text: string;
  cards: Json[];
  activities: ReceivedActivity[];
}

export class HttpChat {
  private seen = 0;

  constructor(
    private readonly botUrl: () => string,
    private readonly connector: Connector,
    readonly conversationId: string,
    readonly from: { id: string; name: string },
    private readonly channelId = 'test',
  ) {}

  /** Everything the bot sent into this conversation so far. */
  all(): ReceivedActivity[] {
    return this.connector.received.filter((r) => r.conversationId === this.conversationId);
  }

  /** What arrived since the last call (replies of a turn, or proactive messages). */
  fresh(): Replies {
    const mine = this.all();
    const activities = mine.slice(this.seen);
    this.seen = mine.length;
    const cards = activities.flatMap((r) => (r.activity.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content as Json));
    return { text: [...activities.map((r) => r.activity.text ?? ''), ...cards.map(cardText)].join('\n'), cards, activities };
  }

  async post(fields: Json): Promise<Replies> {
    const status = await postToBot(this.botUrl(), { ...channelActivity(this.connector, this.conversationId, { from: this.from, ...fields }), channelId: this.channelId });
    expect(status).to.equal(200);
    return this.fresh();
  }

  say(text: string): Promise<Replies> {
    return this.post({ type: 'message', text });
  }

  press(cards: Json[], title: string | RegExp, inputs: Json = {}): Promise<Replies> {
    const action = cards.flatMap(submitActions).find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
    if (!action) throw new Error(`no button ${String(title)} in ${cards.map(cardText).join(' | ')}`);
    return this.post({ type: 'message', value: { ...action.data, ...inputs } });
  }

  /** Waits for the next proactive message whose text matches. */
  async waitForText(match: RegExp, timeoutMs = 10_000): Promise<ReceivedActivity> {
    const found = await this.connector.waitFor((r) => r.conversationId === this.conversationId && match.test(r.activity.text ?? ''), timeoutMs);
    this.seen = this.all().length;
    return found;
  }
}
