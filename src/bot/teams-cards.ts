// In Teams a card that was used is replaced by a read-only version, so old buttons can't be pressed
// again. Direct Line and Web Chat cannot update activities: there the card stays and the flow ids
// take care of late clicks.
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../log/logger.js';
import { usedCard } from './cards/case-cards.js';
import type { Verb } from './cards/payloads.js';

const USED_TITLES: Partial<Record<Verb, string>> = {
  'flow.cancel': 'Cancelled',
  'file.type': 'Complaint type chosen',
  'file.partner': 'Question answered',
  'file.form': 'Complaint details sent',
  'file.respondent': 'Other party sent',
  'file.edit': 'Editing the complaint',
  'file.submit': 'Complaint submitted',
  'evidence.done': 'Evidence step finished',
  'verify.details': 'Details sent',
  'verify.code': 'Code sent',
  'verify.resend': 'New code requested',
  'verify.change': 'Changing the email address',
  'respond.statement': 'Statement sent',
  'respond.submit': 'Response sent',
  'cancel.confirm': 'Cancellation confirmed',
};

export function canUpdateCards(ctx: TurnContext): boolean {
  return ctx.activity.channelId === 'msteams' && Boolean(ctx.activity.replyToId);
}

/** Replaces the card the user just clicked (Teams only); failures are logged, never shown. */
export async function retireCard(ctx: TurnContext, verb: Verb, logger: Logger, stale = false): Promise<void> {
  if (!canUpdateCards(ctx)) return;
  const title = stale ? 'This card is no longer active' : (USED_TITLES[verb] ?? 'Done');
  const text = stale ? 'Its step has finished. Use the latest card in the chat.' : 'This card has been used; the conversation continues below.';
  try {
    await ctx.updateActivity({ type: 'message', id: ctx.activity.replyToId, attachments: [usedCard({ title, text })] });
  } catch (err) {
    logger.warn({ err, replyToId: ctx.activity.replyToId }, 'could not replace a used card');
  }
}
