// The chat side of handing a conversation to a person (src/conversations/handoff-service.ts holds the
// state). Before the router sees a message, the gate checks the conversation's handoff: while a request
// waits or a staff member is in the chat, the bot does not answer — the message goes to the desk — except
// "back to the bot" and "cancel". A typed yes/no answers an open offer.
import { EventFactory, TurnContext } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { isBackToBot, isRelaying, offerAnswer } from '../conversations/handoff-machine.js';
import type { HandoffReason, HandoffSubject } from '../conversations/handoff-service.js';
import * as H from '../conversations/handoff-texts.js';
import { outcomeCard } from './cards/case-cards.js';
import { say, sendCard } from './dialogs/common.js';
import * as T from './texts.js';
import type { Turn } from './turn.js';

/** Most activities attached to the handoff.initiate event (the latest ones). */
const INITIATE_TRANSCRIPT_MAX = 100;

interface FaqMisses {
  count: number;
}

function subjectOf(turn: Turn): HandoffSubject {
  const { activity } = turn.ctx;
  const name = turn.member.name ?? (typeof activity.from?.name === 'string' ? activity.from.name : undefined);
  return {
    channelId: activity.channelId,
    conversationId: activity.conversation.id,
    reference: TurnContext.getConversationReference(activity) as Record<string, unknown>,
    memberId: turn.member._id,
    ...(name ? { userName: name.slice(0, 200) } : {}),
  };
}

/** What the desk sees of a message that is not plain text. */
function describe(activity: Activity): string {
  const text = typeof activity.text === 'string' ? activity.text.trim() : '';
  if (text) return text.slice(0, 4000);
  const files = Array.isArray(activity.attachments) ? activity.attachments.length : 0;
  if (files) return `(sent ${files} attachment${files === 1 ? '' : 's'})`;
  if (activity.value !== undefined) return '(pressed a card button)';
  return '(empty message)';
}

function submittedVerb(activity: Activity): string | undefined {
  const value = activity.value as { verb?: unknown } | undefined;
  return typeof value?.verb === 'string' ? value.verb : undefined;
}

/**
 * Runs before the router on every message in a personal chat. True when the message was handled here
 * (relayed to the desk, the handoff left, or the offer answered), so the bot says nothing else.
 */
export async function handoffGate(turn: Turn): Promise<boolean> {
  const handoffs = turn.deps.handoffs;
  if (!handoffs) return false;
  const { activity } = turn.ctx;
  const h = await handoffs.forConversation(activity.channelId, activity.conversation.id);
  if (!h) return false;
  const text = typeof activity.text === 'string' ? activity.text.trim() : '';
  const verb = submittedVerb(activity);
  if (isRelaying(h.state)) {
    if ((text && isBackToBot(text)) || verb === 'handoff.end') {
      await handoffs.userEnds(activity.channelId, activity.conversation.id);
      await say(turn, h.state === 'waiting' ? H.USER_CANCELLED : H.USER_LEFT);
      return true;
    }
    handoffs.relayUserMessage(h, describe(activity));
    // With a person in the chat the bot stays silent; while waiting it says the message was passed on.
    if (h.state === 'waiting') await say(turn, verb === 'handoff.accept' ? H.ALREADY_WAITING : H.STILL_WAITING);
    return true;
  }
  if (h.state === 'offered' && text && !verb) {
    const answer = offerAnswer(text);
    if (answer === 'yes') {
      await acceptPerson(turn);
      return true;
    }
    if (answer === 'no') {
      await declinePerson(turn);
      return true;
    }
  }
  return false;
}

/** Offers a person (card with yes/no); without a handoff service, the support email as before. */
export async function offerPerson(turn: Turn, reason: HandoffReason = 'asked'): Promise<void> {
  const handoffs = turn.deps.handoffs;
  if (!handoffs) return say(turn, T.humanHandoff(turn.deps.config.SUPPORT_EMAIL));
  const current = await handoffs.forConversation(turn.ctx.activity.channelId, turn.ctx.activity.conversation.id);
  if (current && isRelaying(current.state)) return say(turn, H.ALREADY_WAITING);
  const offer = await handoffs.offer(subjectOf(turn), reason);
  await sendCard(
    turn,
    outcomeCard({
      title: H.OFFER_TITLE,
      paragraphs: [H.offerText(handoffs.waitMinutes, turn.deps.config.SUPPORT_EMAIL)],
      actions: [
        { title: H.OFFER_YES, style: 'positive', data: { verb: 'handoff.accept', handoff: offer.id } },
        { title: H.OFFER_NO, data: { verb: 'handoff.decline', handoff: offer.id } },
      ],
    }),
  );
}

/** The user wants a person: the request joins the desk's queue and a handoff.initiate event goes out. */
export async function acceptPerson(turn: Turn): Promise<void> {
  const handoffs = turn.deps.handoffs;
  if (!handoffs) return say(turn, T.humanHandoff(turn.deps.config.SUPPORT_EMAIL));
  const current = await handoffs.forConversation(turn.ctx.activity.channelId, turn.ctx.activity.conversation.id);
  if (current && isRelaying(current.state)) return say(turn, H.ALREADY_WAITING);
  const request = await handoffs.accept(subjectOf(turn), current?.state === 'offered' ? current.reason : 'asked');
  await say(turn, H.waitingText(handoffs.waitMinutes));
  await sendHandoffInitiate(turn, request.id, request.reason);
}

export async function declinePerson(turn: Turn): Promise<void> {
  await turn.deps.handoffs?.decline(turn.ctx.activity.channelId, turn.ctx.activity.conversation.id);
  await say(turn, H.OFFER_DECLINED);
}

/**
 * Counts the FAQ's "I don't know" answers in this conversation; the second one offers a person.
 * True when the offer was made.
 */
export async function noteFaqMiss(turn: Turn): Promise<boolean> {
  if (!turn.deps.handoffs) return false;
  const accessor = turn.deps.conversationState.createProperty<FaqMisses>('faqMisses');
  const misses = await accessor.get(turn.ctx, { count: 0 });
  misses.count += 1;
  if (misses.count < 2) return false;
  misses.count = 0;
  await offerPerson(turn, 'faq');
  return true;
}

/**
 * Bot Framework's handoff protocol: an `handoff.initiate` event with the transcript attached, for a
 * channel or agent hub that takes over conversations. Channels that refuse event activities are
 * logged; the desk has the request either way.
 */
async function sendHandoffInitiate(turn: Turn, handoffId: string, reason: HandoffReason): Promise<void> {
  const { activity } = turn.ctx;
  const activities = (await turn.deps.transcripts?.lastActivities(activity.channelId, activity.conversation.id, INITIATE_TRANSCRIPT_MAX)) ?? [];
  const event = EventFactory.createHandoffInitiation(turn.ctx, { handoffId, skill: 'support', reason }, { activities });
  try {
    await turn.ctx.sendActivity(event);
  } catch (err) {
    turn.deps.logger.warn({ err, handoffId }, 'the channel refused the handoff.initiate event');
  }
}
