// Who is told what for each case event (src/notify/README.md "What notifies whom"), as plain data: no I/O.
// The Notifier turns each planned message into outbox entries per recipient and channel.
import { awaitedParty, awaitingStateOf, isAwaiting } from '../cases/state-machine.js';
import type { Actor, CaseDoc, CaseEvent, CaseState, Party } from '../cases/types.js';
import type { MessageKind, Reader } from './message-kinds.js';

export type PlanChannel = 'email' | 'chat';

export interface PlannedMessage {
  /** Stable identity of the occasion: the same event or reminder step always yields the same key. */
  occasion: string;
  kind: MessageKind;
  reader: Reader;
  channels: PlanChannel[];
  state: CaseState;
  deadline?: Date;
  actor?: Actor;
  note?: string;
  stepHours?: number;
  missedParty?: Party;
  /** Requests and reminders are sent only while the case still awaits this party with this deadline. */
  guard?: { state: CaseState; deadline: Date };
}

const BOTH: PlanChannel[] = ['email', 'chat'];

export function other(party: Party): Party {
  return party === 'complainant' ? 'respondent' : 'complainant';
}

function isParty(a: Actor | undefined): a is Party {
  return a === 'complainant' || a === 'respondent';
}

/** Identity of an event within its case: its time and type (stable whether found by index or not). */
export function occasionOf(caseDoc: Pick<CaseDoc, 'number'>, event: CaseEvent): string {
  if (event.type === 'reminder' && event.party && event.deadline && event.hoursBefore !== undefined) {
    // Keyed like the reminder claim itself, so a reminder can never go twice for one party, deadline and step.
    return `${caseDoc.number}:reminder:${event.party}:${new Date(event.deadline).toISOString()}:${event.hoursBefore}h`;
  }
  return `${caseDoc.number}:${new Date(event.at).toISOString()}:${event.type}`;
}

/** The messages one event causes. `caseDoc` is the case as it is now (after the event). */
export function planForEvent(caseDoc: CaseDoc, event: CaseEvent): PlannedMessage[] {
  const occasion = occasionOf(caseDoc, event);
  const state = event.to ?? caseDoc.state;
  const base = { occasion, state, actor: event.actor };
  switch (event.type) {
    case 'filed':
      // The respondent hears when its response is first requested ("a complaint was filed against you,
      // respond by …"); with automatic triage that is right after filing.
      return [
        { ...base, kind: 'filed_receipt', reader: 'complainant', channels: ['email'], state: caseDoc.state },
        { ...base, kind: 'support_new_case', reader: 'support', channels: BOTH },
      ];
    case 'response_requested': {
      const asked = event.party ?? (isAwaiting(state) ? awaitedParty(state) : undefined);
      if (!asked) return [];
      const deadline = event.deadline ?? caseDoc.deadline;
      const index = caseDoc.events.findIndex((e) => e.type === event.type && new Date(e.at).getTime() === new Date(event.at).getTime());
      const earlier = index < 0 ? caseDoc.events : caseDoc.events.slice(0, index);
      const firstForRespondent = asked === 'respondent' && !earlier.some((e) => e.type === 'response_requested' && e.party === 'respondent');
      const messages: PlannedMessage[] = [
        {
          ...base,
          kind: firstForRespondent ? 'filed_against_you' : 'response_requested',
          reader: asked,
          channels: BOTH,
          deadline,
          note: event.note,
          ...(deadline ? { guard: { state: awaitingStateOf(asked), deadline } } : {}),
        },
      ];
      // Automatic triage right after filing: the complainant's receipt already told them.
      const afterFiling = event.actor === 'system' && earlier[earlier.length - 1]?.type === 'filed';
      if (!afterFiling) messages.push({ ...base, kind: 'status_changed', reader: other(asked), channels: BOTH });
      return messages;
    }
    case 'deadline_extended': {
      const asked = event.party ?? (isAwaiting(state) ? awaitedParty(state) : undefined);
      if (!asked) return [];
      const deadline = event.deadline ?? caseDoc.deadline;
      return [
        {
          ...base,
          kind: 'response_requested',
          reader: asked,
          channels: BOTH,
          deadline,
          note: event.note,
          ...(deadline ? { guard: { state: awaitingStateOf(asked), deadline } } : {}),
        },
      ];
    }
    case 'responded': {
      const responder = event.party ?? (isParty(event.actor) ? event.actor : undefined);
      if (!responder) return [];
      return [
        { ...base, kind: 'other_party_responded', reader: other(responder), channels: BOTH },
        { ...base, kind: 'support_party_responded', reader: 'support', channels: BOTH, note: event.note },
      ];
    }
    case 'cancelled': {
      const by: Actor = event.party ?? caseDoc.cancelledBy ?? event.actor;
      // The one who cancelled saw it happen in chat: an email for the record only.
      const told: PlannedMessage[] = (['complainant', 'respondent'] as const).map((reader) => ({
        ...base,
        actor: by,
        kind: 'cancelled' as const,
        reader,
        channels: reader === by ? (['email'] as PlanChannel[]) : BOTH,
        note: event.note,
      }));
      // Support hears of a cancellation it did not make itself.
      if (by === 'support') return told;
      return [...told, { ...base, actor: by, kind: 'support_cancelled', reader: 'support', channels: BOTH, note: event.note }];
    }
    case 'closed':
      return (['complainant', 'respondent'] as const).map((reader) => ({
        ...base,
        kind: 'closed' as const,
        reader,
        channels: BOTH,
        note: caseDoc.resolution ?? event.note,
      }));
    case 'deadline_missed': {
      const missed = event.party ?? (event.from && isAwaiting(event.from) ? awaitedParty(event.from) : undefined);
      if (!missed) return [];
      const deadline = event.deadline;
      return [
        { ...base, kind: 'deadline_missed', reader: missed, channels: BOTH, deadline, missedParty: missed },
        { ...base, kind: 'deadline_missed', reader: other(missed), channels: BOTH, deadline, missedParty: missed },
        { ...base, kind: 'support_deadline_missed', reader: 'support', channels: BOTH, deadline, missedParty: missed },
      ];
    }
    case 'reminder': {
      const party = event.party;
      const deadline = event.deadline ?? caseDoc.deadline;
      if (!party || !deadline) return [];
      return [
        {
          ...base,
          state: awaitingStateOf(party),
          kind: 'reminder',
          reader: party,
          channels: BOTH,
          deadline,
          stepHours: event.hoursBefore,
          guard: { state: awaitingStateOf(party), deadline },
        },
      ];
    }
    case 'message':
      return event.party ? [{ ...base, kind: 'support_message', reader: event.party, channels: BOTH, note: event.note }] : [];
    case 'note':
    case 'evidence_added':
    case 'assigned':
      return [];
  }
}
