// Core shapes of the Complaint Center domain, shared by every layer.
// The stored state names and the party names are the contract between modules.

export const CASE_STATES = ['processing', 'awaiting_respondent', 'awaiting_complainant', 'cancelled', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export type Party = 'complainant' | 'respondent';
/** Who performed an action: a party, the support team, or the system (timers, triage rules). */
export type Actor = Party | 'support' | 'system';

/** A chat account seen by the bot: enough to recognise a user and to message them proactively. */
export interface ChatAccount {
  channelId: string;
  userId: string;
  /** Bot Framework ConversationReference (Partial<ConversationReference>) for proactive messages. */
  reference?: Record<string, unknown>;
  /** false once the channel answered 403/404 for this reference: use email instead. */
  active?: boolean;
  timeZone?: string;
  lastSeenAt?: Date;
}

export interface Member {
  _id: string;
  name?: string;
  company?: string;
  email?: string;
  emailVerified: boolean;
  timeZone?: string;
  accounts: ChatAccount[];
  createdAt: Date;
  updatedAt: Date;
}

export interface CaseEvent {
  at: Date;
  actor: Actor;
  /** Member id of the acting person when there is one. */
  actorId?: string;
  type: string;
  from?: CaseState;
  to?: CaseState;
  note?: string;
}

export interface EvidenceRef {
  fileId: string;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  uploadedBy: Party;
  uploadedAt: Date;
}

export interface CaseDoc {
  _id: string; // the readable case number, e.g. C-2026-000123
  number: string;
  typeId: string;
  state: CaseState;
  complainant: { memberId: string; name?: string; company?: string; email: string };
  respondent: { company: string; email: string; memberId?: string };
  fields: Record<string, string | number>;
  /** Deadline of the current awaiting state; absent in other states. */
  deadline?: Date;
  /** Set when the case becomes cancelled: which party cancelled it. */
  cancelledBy?: Party;
  resolution?: string;
  evidence: EvidenceRef[];
  events: CaseEvent[];
  idempotencyKey?: string;
  createdAt: Date;
  updatedAt: Date;
}
