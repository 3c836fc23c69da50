// Every activity in and out of the bot goes into the transcript store, through botbuilder's own
// TranscriptLoggerMiddleware: it sees the incoming activity, every send (replies, cards, proactive
// messages sent with continueConversationAsync, which runs the adapter's middleware too), updates and
// deletes. Its flush is fire-and-forget and one write per activity; here each turn gets its own
// middleware instance logging into a buffer, and the buffer is written as one batch before the turn
// ends, so a turn counts as finished (HTTP answer, graceful shutdown) only once its transcript is stored.
// A failed write is logged, never shown to the user.
import { TranscriptLoggerMiddleware, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import type { MongoTranscriptStore } from '../conversations/transcript-store.js';
import { isTranscriptSkipped, transcriptLinks } from '../conversations/turn-flags.js';
import type { Logger } from '../log/logger.js';

export function transcriptRecorder(store: Pick<MongoTranscriptStore, 'logActivities'>, logger: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const incoming = context.activity;
      const buffer: Activity[] = [];
      const middleware = new TranscriptLoggerMiddleware({
        logActivity(activity: Activity) {
          const isIncoming = activity.type === incoming.type && activity.id === incoming.id && activity.from?.id === incoming.from?.id;
          if (!isIncoming && !activity.from?.role) activity.from = { ...activity.from, role: 'bot' };
          buffer.push(activity);
        },
      });
      try {
        await middleware.onTurn(context, next);
      } finally {
        // TranscriptLoggerMiddleware hands its activities over synchronously once the turn's logic is done.
        if (buffer.length && !isTranscriptSkipped(context)) {
          try {
            await store.logActivities(buffer, transcriptLinks(context));
          } catch (err) {
            logger.error({ err, conversationId: incoming.conversation?.id }, 'could not store the transcript of a turn');
          }
        }
      }
    },
  };
}
