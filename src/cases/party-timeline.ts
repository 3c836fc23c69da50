// One line of a case's timeline as a party sees it (the bot's case card; the support desk shows the same
// card). Staff-only events (notes, assignments) and messages for the other party give undefined.
import { formatMoment } from '../time/reader-time.js';
import { outcomeLabel } from './labels.js';
import type { CaseEvent, Party } from './types.js';
import { escapeMarkdown } from '../text/escape-markdown.js';

function who(actor: CaseEvent['actor'], party: Party | undefined, me: Party): string {
  if (actor === 'support') return 'The support team';
  if (actor === 'system') return 'The Complaint Center';
  return (party ?? actor) === me ? 'You' : 'The other party';
}

function whom(party: Party | undefined, me: Party): string {
  return party === me ? 'you' : 'the other party';
}

/** Typed text for a card: shortened to `max`, markdown escaped. */
function clip(s: string | undefined, max = 400): string {
  if (!s) return '';
  return escapeMarkdown(s.length > max ? `${s.slice(0, max - 1)}…` : s);
}

/** One line of the timeline, as the reader (party `me`) sees it; undefined for staff-only events. */
export function timelineText(e: CaseEvent, me: Party, timeZone?: string): string | undefined {
  const actorParty = e.actor === 'complainant' || e.actor === 'respondent' ? e.actor : e.party;
  switch (e.type) {
    case 'filed':
      return `${who(e.actor, actorParty, me)} filed the complaint${e.note ? ` (${clip(e.note)})` : ''}.`;
    case 'response_requested':
      return `${who(e.actor, undefined, me)} asked ${whom(e.party, me)} to respond${e.deadline ? ` by ${formatMoment(e.deadline, timeZone)}` : ''}.`;
    case 'responded':
      return `${who(e.actor, actorParty, me)} responded${e.note ? `: “${clip(e.note)}”` : '.'}`;
    case 'cancelled':
      return `${who(e.actor, actorParty, me)} cancelled the complaint.`;
    case 'closed':
      return `The support team closed the case${e.outcome ? ` (${outcomeLabel(e.outcome)})` : ''}${e.note ? `: ${clip(e.note)}` : '.'}`;
    case 'message':
      return e.party === me ? `The support team wrote to you: “${clip(e.note, 1000)}”` : undefined;
    case 'deadline_extended':
      return `The deadline was moved${e.deadline ? ` to ${formatMoment(e.deadline, timeZone)}` : ''}.`;
    case 'deadline_missed':
      return "The deadline passed without a response; the case went back to 'Processing' for a decision.";
    case 'evidence_added':
      return `${who(e.actor, actorParty, me)} added the file ${e.note ? `“${clip(e.note)}”` : ''}.`.replace(' .', '.');
    case 'reminder':
      return `A reminder was sent to ${whom(e.party, me)}.`;
    default:
      return undefined;
  }
}

