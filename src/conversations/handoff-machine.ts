// Handing a conversation to a person, as a pure state machine (no I/O, no clock of its own).
//
//   none ──offer──► offered ──accept──► waiting ──take──► active ──end (staff or user)──► ended
//                   offered ──decline──► ended            waiting ──cancel (user)──► ended
//   none ──accept──► waiting (the user asked from a button)   waiting ──timeout──► ended (user offered email)
//   ended ──offer / accept──► a new request (offered / waiting)
//
// While a handoff is `waiting` or `active` the bot does not answer the user: their messages go to the
// support desk. Only "back to the bot" and "cancel" (or the card's end button) reach the bot again.

export const HANDOFF_STATES = ['none', 'offered', 'waiting', 'active', 'ended'] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];

export type EndReason = 'declined' | 'cancelled' | 'timed_out' | 'completed' | 'left';

export type HandoffEvent =
  | { type: 'offer' }
  | { type: 'accept' }
  | { type: 'decline' }
  | { type: 'take' }
  | { type: 'end'; by: 'staff' | 'user' }
  | { type: 'timeout' };

export type Transition =
  | { ok: true; state: HandoffState; endReason?: EndReason }
  | { ok: false; reason: string };

/** The next state for an event, or why the event does not apply now. */
export function transition(state: HandoffState, event: HandoffEvent): Transition {
  switch (event.type) {
    case 'offer':
      return state === 'waiting' || state === 'active' ? refuse(state) : { ok: true, state: 'offered' };
    case 'accept':
      return state === 'waiting' || state === 'active' ? refuse(state) : { ok: true, state: 'waiting' };
    case 'decline':
      return state === 'offered' ? { ok: true, state: 'ended', endReason: 'declined' } : refuse(state);
    case 'take':
      return state === 'waiting' ? { ok: true, state: 'active' } : refuse(state);
    case 'end':
      if (state === 'waiting') return event.by === 'user' ? { ok: true, state: 'ended', endReason: 'cancelled' } : { ok: true, state: 'ended', endReason: 'completed' };
      if (state === 'active') return { ok: true, state: 'ended', endReason: event.by === 'user' ? 'left' : 'completed' };
      return refuse(state);
    case 'timeout':
      return state === 'waiting' ? { ok: true, state: 'ended', endReason: 'timed_out' } : refuse(state);
  }
}

function refuse(state: HandoffState): Transition {
  const why: Record<HandoffState, string> = {
    none: 'there is no request to talk to a person',
    offered: 'the user has not asked for a person yet',
    waiting: 'the request is waiting for a support person',
    active: 'a support person is already in the conversation',
    ended: 'the handoff has ended',
  };
  return { ok: false, reason: why[state] };
}

/** The states in which the bot stays silent and the user's messages go to the desk. */
export function isRelaying(state: HandoffState): boolean {
  return state === 'waiting' || state === 'active';
}

/** When a waiting request times out. */
export function waitDeadline(requestedAt: Date, waitMinutes: number): Date {
  return new Date(requestedAt.getTime() + waitMinutes * 60_000);
}

export function isWaitOver(state: HandoffState, waitUntil: Date | undefined, now: Date): boolean {
  return state === 'waiting' && waitUntil !== undefined && now.getTime() >= waitUntil.getTime();
}

const BACK_TO_BOT = /^(back to (the )?bot|cancel|stop|end( chat)?|quit|exit|bot please)$/;
const WANTS_PERSON = /^(agent|an agent|human|a human|person|a person|support|operator|live agent|real person|customer (service|support)|talk to (a )?(human|person|agent|someone|support)|speak to (a )?(human|person|agent|someone|support))$/;
const YES = /^(yes|y|yeah|yep|sure|ok|okay|please|yes please|connect me)$/;
const NO = /^(no|n|nope|no thanks|no thank you|not now)$/;

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!?]+$/, '');
}

/** "back to the bot", "cancel": the user leaves the handoff. */
export function isBackToBot(text: string): boolean {
  return BACK_TO_BOT.test(normalise(text));
}

/** "agent", "support", "talk to a human": the user asks for a person in so many words. */
export function asksForPerson(text: string): boolean {
  return WANTS_PERSON.test(normalise(text));
}

/** A yes or no typed in answer to the offer; undefined for anything else. */
export function offerAnswer(text: string): 'yes' | 'no' | undefined {
  const t = normalise(text);
  if (YES.test(t)) return 'yes';
  if (NO.test(t)) return 'no';
  return undefined;
}
