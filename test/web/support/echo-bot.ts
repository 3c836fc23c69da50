// A small real bot for the web chat protocol tests: it greets members who join with an Adaptive
// Card, echoes messages, downloads attachments (proving their URLs work without a token) and
// answers invokes. It records every activity it received.
import { createHash } from 'node:crypto';
import {
  ActivityHandler,
  CardFactory,
  MessageFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';

export class EchoBot extends ActivityHandler {
  readonly received: Activity[] = [];

  constructor() {
    super();
    this.onTurn(async (context, next) => {
      this.received.push(context.activity);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id === context.activity.recipient.id) continue;
        const card = CardFactory.adaptiveCard({
          type: 'AdaptiveCard',
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          version: '1.5',
          body: [{ type: 'TextBlock', text: 'Welcome to the echo Complaint Center', weight: 'Bolder', wrap: true }],
          actions: [{ type: 'Action.Submit', title: 'Say hi', data: { action: 'hi' } }],
        });
        await context.sendActivity(MessageFactory.attachment(card));
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const attachments = context.activity.attachments ?? [];
      if (attachments.length > 0) {
        for (const attachment of attachments) {
          const response = await fetch(attachment.contentUrl ?? '');
          const bytes = Buffer.from(await response.arrayBuffer());
          const sha = createHash('sha256').update(bytes).digest('hex');
          await context.sendActivity(`file ${attachment.name} ${bytes.length} bytes sha256=${sha} status=${response.status}`);
        }
      } else if (context.activity.value !== undefined && !context.activity.text) {
        // Plain key=value: Web Chat's Markdown would turn JSON quotes into typographic ones.
        const fields = Object.entries(context.activity.value as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
        await context.sendActivity(`submitted ${fields.join(' ')}`);
      } else {
        // "slow …" answers after 2.5 s: longer than the tests' bot timeout.
        if (context.activity.text?.startsWith('slow')) await new Promise((resolve) => setTimeout(resolve, 2500));
        await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      }
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === 'webchat/join') {
        const value = (context.activity.value ?? {}) as { case?: string };
        await context.sendActivity(value.case ? `joined, opening ${value.case}` : 'joined');
      }
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    return { status: 200, body: { pong: context.activity.value ?? null } };
  }
}
