// The case state machine of docs/design.md as plain data and functions: which actor may take which action in
// which stored state, where it leads, and — when refused — a reason written for the person asking.
import { labelFor, statusDefinition } from './labels.js';
import type { Actor, CaseState, Party } from './types.js';

/** Actions a party can take in chat. */
export const PARTY_ACTIONS = ['respond', 'cancel', 'add_evidence'] as const;
export type PartyAction = (typeof PARTY_ACTIONS)[number];

/** Actions of the support team (dashboard) and of the system (triage rule, deadline timer). */
export const STAFF_ACTIONS = ['request_response', 'extend_deadline', 'close', 'add_note', 'deadline_missed'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

export type CaseAction = PartyAction | StaffAction;
export const CASE_ACTIONS: readonly CaseAction[] = [...PARTY_ACTIONS, ...STAFF_ACTIONS];

export const FINAL_STATES: readonly CaseState[] = ['cancelled', 'closed'];
export const AWAITING_STATES = ['awaiting_respondent', 'awaiting_complainant'] as const;
export type AwaitingState = (typeof AWAITING_STATES)[number];

export function isFinal(state: CaseState): boolean {
  return FINAL_STATES.includes(state);
}

export function isAwaiting(state: CaseState): state is AwaitingState {
  return state === 'awaiting_respondent' || state === 'awaiting_complainant';
}

/** The awaiting state in which `party` must answer. */
export function awaitingStateOf(party: Party): AwaitingState {
  return party === 'respondent' ? 'awaiting_respondent' : 'awaiting_complainant';
}

/** The party an awaiting state waits for. */
export function awaitedParty(state: AwaitingState): Party {
  return state === 'awaiting_respondent' ? 'respondent' : 'complainant';
}

export type Decision = { allowed: true; to: CaseState } | { allowed: false; reason: string };

export interface DecideOptions {
  /** For request_response: the party asked to respond. */
  target?: Party;
  /** Platform name used in reasons. */
  platform?: string;
}

const allow = (to: CaseState): Decision => ({ allowed: true, to });
const deny = (reason: string): Decision => ({ allowed: false, reason });

function finalReason(state: CaseState, party: Actor): string {
  const label = labelFor(state, party === 'respondent' ? 'respondent' : 'complainant');
  return state === 'closed'
    ? `The case is '${label}': it has been resolved, so nothing more can be done on it.`
    : `The case is '${label}': it was cancelled, so nothing more can be done on it.`;
}

/**
 * Whether `actor` may take `action` on a case in `state`, and the resulting state.
 * Actions that change nothing but the record (evidence, note, extend) keep the state.
 */
export function decide(state: CaseState, actor: Actor, action: CaseAction, opts: DecideOptions = {}): Decision {
  const platform = opts.platform ?? 'the platform';
  const party: Party | undefined = actor === 'complainant' || actor === 'respondent' ? actor : undefined;
  const staff = actor === 'support' || actor === 'system';

  switch (action) {
    case 'respond': {
      if (!party) return deny('Only a party to the case can respond to it.');
      if (isFinal(state)) return deny(finalReason(state, party));
      if (state === awaitingStateOf(party)) return allow('processing');
      const label = labelFor(state, party);
      return deny(
        `You can respond only when the status is 'Awaiting my response'. This case is '${label}': ${statusDefinition(label, { platform })} When your response is requested (usually by email), you can respond here within the period stated.`,
      );
    }
    case 'cancel': {
      // Cancelling is the complainant's choice; support decides by closing (with a resolution) instead.
      if (party !== 'complainant') return deny('Only the member who filed the complaint can cancel it.');
      if (isFinal(state)) return deny(finalReason(state, actor));
      return allow('cancelled');
    }
    case 'add_evidence': {
      if (!party) return deny('Only a party to the case adds evidence.');
      if (isFinal(state)) return deny(finalReason(state, actor));
      return allow(state);
    }
    case 'request_response': {
      if (actor !== 'support' && actor !== 'system') return deny('Only the support team asks a party to respond.');
      if (!opts.target) return deny('Say which party is asked to respond.');
      if (state !== 'processing') return deny(`A response can be requested only while the case is 'Processing' (it is ${state}).`);
      return allow(awaitingStateOf(opts.target));
    }
    case 'extend_deadline': {
      if (actor !== 'support') return deny('Only the support team changes a deadline.');
      if (!isAwaiting(state)) return deny(`Only a case awaiting a response has a deadline (it is ${state}).`);
      return allow(state);
    }
    case 'close': {
      if (actor !== 'support') return deny('Only the support team closes a case.');
      if (isFinal(state)) return deny(finalReason(state, actor));
      return allow('closed');
    }
    case 'add_note': {
      if (!staff) return deny('Only the support team adds notes.');
      return allow(state);
    }
    case 'deadline_missed': {
      if (actor !== 'system') return deny('Only the deadline timer records a missed deadline.');
      if (!isAwaiting(state)) return deny(`Only a case awaiting a response can miss its deadline (it is ${state}).`);
      return allow('processing');
    }
  }
}

/** The states from which `action` by `actor` is allowed (the guard of the atomic update). */
export function statesAllowing(actor: Actor, action: CaseAction, opts: DecideOptions = {}): CaseState[] {
  const all: CaseState[] = ['processing', 'awaiting_respondent', 'awaiting_complainant', 'cancelled', 'closed'];
  return all.filter((s) => decide(s, actor, action, opts).allowed);
}

export interface ActionAvailability {
  action: PartyAction;
  allowed: boolean;
  /** Why not, in words for the party; absent when allowed. */
  reason?: string;
}

/** Every party action with whether `party` may take it now, and why not. */
export function actionsFor(state: CaseState, party: Party, opts: { platform?: string } = {}): ActionAvailability[] {
  return PARTY_ACTIONS.map((action) => {
    const d = decide(state, party, action, opts);
    return d.allowed ? { action, allowed: true } : { action, allowed: false, reason: d.reason };
  });
}
