// Core shapes of the Complaint Center domain, shared by every layer (members and chat accounts: src/identity).
// The stored state names and the party names are the contract between modules.

export const CASE_STATES = ['processing', 'awaiting_respondent', 'awaiting_complainant', 'cancelled', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export type Party = 'complainant' | 'respondent';
/** Who performed an action: a party, the support team, or the system (timers, triage rules). */
export type Actor = Party | 'support' | 'system';

/**
 * What an event records. `reminder` is a claimed reminder step (the party to remind is `party`);
 * `response_requested` names the party asked in `party` and the deadline in `deadline`.
 */
export const CASE_EVENT_TYPES = [
  'filed',
  'response_requested',
  'responded',
  'cancelled',
  'closed',
  'note',
  'deadline_extended',
  'deadline_missed',
  'evidence_added',
  'reminder',
  'message', // support wrote to a party (`party`); shown to that party in chat and email
  'assigned', // support assigned the case to a staff member (`assignee`), or unassigned it
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export interface CaseEvent {
  at: Date;
  actor: Actor;
  /** Member id of the acting person when there is one. */
  actorId?: string;
  type: CaseEventType;
  from?: CaseState;
  to?: CaseState;
  /** Statement, reason, resolution or note text. */
  note?: string;
  /** The party concerned: asked to respond, reminded, who responded/cancelled/uploaded. */
  party?: Party;
  /** The deadline set or concerned by this event. */
  deadline?: Date;
  /** For 'reminder': the step, in hours before the deadline. For 'evidence_added': absent. */
  hoursBefore?: number;
  /** For 'evidence_added': the stored file id. */
  fileId?: string;
  /** For 'closed': how support decided. */
  outcome?: CloseOutcome;
  /** For 'assigned': the staff member's email ('' = unassigned). */
  assignee?: string;
}

/** How support closes a case (both parties are told, with the resolution text). */
export const CLOSE_OUTCOMES = ['resolved_for_complainant', 'resolved_for_respondent', 'settled', 'no_fault_found'] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

export interface EvidenceRef {
  fileId: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  uploadedBy: Party;
  uploadedAt: Date;
  /** For a zip: how many files it holds and the first names, so both parties see what is inside. */
  contents?: ZipContents;
}

export interface ZipContents {
  total: number;
  names: string[];
}

export interface CaseDoc {
  _id: string; // the readable case number, e.g. C-2026-000123
  number: string;
  typeId: string;
  state: CaseState;
  /** emailVerified: the filer had verified `email`, so whoever verifies it later is the same complainant. */
  complainant: { memberId: string; name?: string; company?: string; email: string; emailVerified: boolean };
  respondent: { company: string; email: string; memberId?: string };
  fields: Record<string, string | number>;
  /** Deadline of the current awaiting state; absent in other states. */
  deadline?: Date;
  /** When the current deadline was set (request or extension): reminder steps before it are skipped. */
  deadlineSetAt?: Date;
  /**
   * The next moment the timer has work for this case: the next reminder step, or the deadline itself
   * once every step is claimed. Absent outside awaiting states and after the missed deadline ran.
   */
  nextTimerAt?: Date;
  /** Reminder steps claimed for the current deadline (see CasesRepository.claimReminder). */
  reminders?: ReminderMark[];
  /** Set when the case becomes cancelled: which party cancelled it. */
  cancelledBy?: Party;
  resolution?: string;
  /** Set when support closes the case. */
  outcome?: CloseOutcome;
  /** The staff member (email) handling the case, when assigned. */
  assignee?: string;
  evidence: EvidenceRef[];
  events: CaseEvent[];
  /** Chosen by the filing conversation; unique per complainant member, so a retried submit files once. */
  idempotencyKey: string;
  /** Incremented by every update: lets callers detect that a case changed under them. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One reminder step claimed for one deadline: claimed once, by one bot instance. */
export interface ReminderMark {
  /** `${state}|${deadline ISO}|${hoursBefore}`: unique per party (the awaited one), deadline and step. */
  key: string;
  party: Party;
  hoursBefore: number;
  /** When the step was due. */
  dueAt: Date;
  /** When it was claimed. */
  claimedAt: Date;
}
