// The kinds of notification the bot sends, and what a renderer needs to know to write one.
import type { Actor, CaseDoc, CaseState, Party } from '../cases/types.js';

export const MESSAGE_KINDS = [
  'filed_receipt', // complainant: we received your complaint
  'filed_against_you', // respondent: a complaint was filed against you (respond by … when a deadline is set)
  'response_requested', // a party must answer by the deadline
  'other_party_responded',
  'status_changed',
  'cancelled',
  'closed',
  'deadline_missed', // to the party who missed it and to the other party
  'reminder',
  'support_new_case',
  'support_deadline_missed',
  'support_party_responded', // support: a party answered, the case needs a decision
  'support_cancelled', // support: the complainant cancelled the case
  'support_message', // a party: a message from the support team
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export type Reader = Party | 'support';

/** Everything a template may show; only plain data, rendering escapes it. */
export interface MessageContext {
  kind: MessageKind;
  reader: Reader;
  platformName: string;
  /** Base URL of the web chat page; the link back is `<publicUrl>/?case=<number>`. */
  publicUrl: string;
  caseDoc: Pick<CaseDoc, 'number' | 'typeId' | 'complainant' | 'respondent' | 'fields' | 'createdAt'> & {
    resolution?: string;
    outcome?: CaseDoc['outcome'];
  };
  /** Human name of the complaint type, when the caller can look it up. */
  typeName?: string;
  /** The type's form field labels by field id (emails show these, not the ids). */
  fieldLabels?: Record<string, string>;
  /** The state after the change being notified. */
  state: CaseState;
  /** The deadline this message is about (awaiting states, reminders, missed deadline). */
  deadline?: Date;
  /** Reader's IANA time zone when known. */
  timeZone?: string;
  /** Who acted (cancelled by, responded, …). */
  actor?: Actor;
  /** A note that goes with the change (support's request text); shown escaped. */
  note?: string;
  /** When the message is written (reminders say how much time is left). */
  now?: Date;
  /** Reminder step, in hours before the deadline. */
  stepHours?: number;
  /** Which party missed the deadline. */
  missedParty?: Party;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** The case page of the support desk, for alerts to the support team. */
export function supportCaseLink(publicUrl: string, caseNumber: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/support/cases/${encodeURIComponent(caseNumber)}`;
}

export function caseLink(publicUrl: string, caseNumber: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/?case=${encodeURIComponent(caseNumber)}`;
}
