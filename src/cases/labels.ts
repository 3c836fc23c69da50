// What each party sees for a stored state: the source FAQ's exact labels and status definitions.
import type { CaseDoc, CaseState, CloseOutcome, Party } from './types.js';

export const STATUS_LABELS = [
  'Processing',
  'Awaiting my response',
  "Awaiting the other party's response",
  'Case Cancelled',
  'Case Closed',
] as const;
export type StatusLabel = (typeof STATUS_LABELS)[number];

/** The label a party sees for a stored state (docs/design.md, "Statuses and who sees what"). */
export function labelFor(state: CaseState, party: Party): StatusLabel {
  switch (state) {
    case 'processing':
      return 'Processing';
    case 'awaiting_respondent':
      return party === 'respondent' ? 'Awaiting my response' : "Awaiting the other party's response";
    case 'awaiting_complainant':
      return party === 'complainant' ? 'Awaiting my response' : "Awaiting the other party's response";
    case 'cancelled':
      return 'Case Cancelled';
    case 'closed':
      return 'Case Closed';
  }
}

/** The label `party` sees for this case. */
export function viewFor(caseDoc: Pick<CaseDoc, 'state'>, party: Party): StatusLabel {
  return labelFor(caseDoc.state, party);
}

/**
 * The source's status definition for a label, in the bot's words, for the given platform name.
 * For 'Case Cancelled' pass who cancelled (relative to the reader) when known.
 */
export function statusDefinition(
  label: StatusLabel,
  opts: { platform: string; partner?: string; cancelledByMe?: boolean },
): string {
  const p = opts.platform;
  switch (label) {
    case 'Processing':
      return `${p} is currently investigating the complaint. Please be patient and wait for further instructions.`;
    case 'Awaiting my response':
      return `You need to respond to the complaint within the period stated. Without an appropriate response, ${p} reserves the right to take further action, including cancelling your membership (after further notice).`;
    case "Awaiting the other party's response":
      return `The other party needs to respond to the complaint within the period stated. Without an appropriate response, ${p} reserves the right to take further action, including cancelling their membership (after further notice). Please be patient and wait for further instructions.`;
    case 'Case Cancelled':
      if (opts.cancelledByMe === undefined) return 'The complaint has been cancelled.';
      return opts.cancelledByMe ? 'The complaint has been cancelled by you.' : 'The complaint has been cancelled by the other party.';
    case 'Case Closed':
      return 'The complaint has been resolved.';
  }
}

/** The words parties and staff read for a close outcome. */
export function outcomeLabel(outcome: CloseOutcome): string {
  switch (outcome) {
    case 'resolved_for_complainant':
      return 'Resolved in favour of the complainant';
    case 'resolved_for_respondent':
      return 'Resolved in favour of the respondent';
    case 'settled':
      return 'Settled between the parties';
    case 'no_fault_found':
      return 'No fault found';
  }
}
