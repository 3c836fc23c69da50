// The minimal bot proving the loop (to be replaced by the conversation bot): a welcome card for
// each member who joins, once per conversation, and a help reply to any message.
import { ActivityHandler, MessageFactory, type ConversationState, type StatePropertyAccessor } from 'botbuilder';
import { welcomeCard } from './welcome-card.js';

export interface WelcomeBotOptions {
  conversationState: ConversationState;
  platformName: string;
}

/** What this bot keeps per conversation. */
export interface WelcomeConversationData {
  /** Member ids already greeted: Teams may resend conversationUpdate for the same member. */
  welcomed: string[];
  messageCount: number;
}

export function helpText(platformName: string): string {
  return [
    `I am the ${platformName} Complaint Center assistant. You can:`,
    '- **file a complaint**: choose a type, fill in the form and attach evidence;',
    '- **my cases**: follow the status of your complaints and respond when asked;',
    '- **ask a question** about how complaints work, or ask for a person.',
    'Type **help** at any time to see this again.',
  ].join('\n');
}

export class WelcomeBot extends ActivityHandler {
  readonly conversationData: StatePropertyAccessor<WelcomeConversationData>;

  constructor(options: WelcomeBotOptions) {
    super();
    this.conversationData = options.conversationState.createProperty<WelcomeConversationData>('welcomeBot');
    const fresh = (): WelcomeConversationData => ({ welcomed: [], messageCount: 0 });

    this.onMembersAdded(async (context, next) => {
      const data = await this.conversationData.get(context, fresh());
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id === context.activity.recipient.id || data.welcomed.includes(member.id)) continue;
        await context.sendActivity(MessageFactory.attachment(welcomeCard({ platformName: options.platformName })));
        data.welcomed.push(member.id);
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      const data = await this.conversationData.get(context, fresh());
      data.messageCount += 1;
      await context.sendActivity(MessageFactory.text(helpText(options.platformName)));
      await next();
    });
  }
}
