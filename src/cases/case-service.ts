// The case service: everything the chat, the notifications and (later) the support dashboard do with
// cases goes through here. It authorizes (a member acts only on cases where it is a party; any other
// number answers "not found"), validates, runs the state machine and tells listeners about changes.
import type { Db } from 'mongodb';
import type { Logger } from '../log/logger.js';
import type { CaseDoc, CaseEvent, CaseState, EvidenceRef, Member, Party } from './types.js';
import type { ActionAvailability } from './state-machine.js';
import type { StatusLabel } from './labels.js';
import type { ComplaintType } from './complaint-types.js';

export { NotFoundError, NotAllowedError, ConflictError, ValidationError } from './errors.js';

export interface CaseSettings {
  /** Response period of each awaiting state, in hours (default 72 each). */
  responsePeriodHours: { awaiting_respondent: number; awaiting_complainant: number };
  /** Reminder steps in hours before a deadline, e.g. [48, 24, 2]. */
  reminderHours: number[];
  /** Platform name used in messages (source: Alibaba.com). */
  platform: string;
  /** Partner retail site for trade disputes (source: AliExpress). */
  partner: string;
  /**
   * Automatic triage rule: right after filing, the case goes from processing to awaiting_respondent
   * with a deadline (event actor 'system'), so the respondent can answer without a support person.
   * Default true; when false the case stays in processing until support requests a response.
   */
  autoTriage?: boolean;
  /** Filing requires the complainant's verified email (so notification emails reach a real owner). Default true. */
  requireVerifiedEmail?: boolean;
  /** Most evidence files per case (default 20). */
  maxEvidenceFiles?: number;
}

export interface CaseChange {
  caseDoc: CaseDoc;
  /** The event this change appended (its type says what happened, e.g. 'filed', 'response_requested'). */
  event: CaseEvent;
}

/** Told after every successful change (filing, transitions, notes, evidence). Errors are logged, never thrown back. */
export interface CaseListener {
  onCaseChanged(change: CaseChange): Promise<void>;
}

/** One line of a member's case list. */
export interface CaseSummary {
  number: string;
  typeId: string;
  typeLabel: string;
  party: Party;
  state: CaseState;
  /** The status label this member sees. */
  view: StatusLabel;
  /** The other side: the respondent's company for a complainant, the complainant's name/company for a respondent. */
  counterparty: string;
  deadline?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** A case as one party sees it. */
export interface CaseForParty {
  caseDoc: CaseDoc;
  party: Party;
  view: StatusLabel;
  /** The source's definition of that status, in the bot's words. */
  definition: string;
  actions: ActionAvailability[];
  /** "2 days 3 hours left (until ...)" in the member's time zone, while a deadline runs. */
  timeLeft?: string;
}

export interface FileCaseInput {
  typeId: string;
  /** Form values by field id; validated and normalised against the type (ValidationError lists every bad field). */
  fields: Record<string, unknown>;
  respondent: { company: string; email: string };
  /** Chosen by the conversation (e.g. the dialog instance id): a retried submit returns the same case. */
  idempotencyKey: string;
  /** Complainant's display details to record on the case (defaults from the member). */
  complainant?: { name?: string; company?: string };
  /**
   * For partner-routable types: whether the order was placed on the partner site. true → NotAllowedError
   * explaining that the dispute is opened there (no case is created).
   */
  orderedOnPartnerSite?: boolean;
}

export interface CaseServiceDeps {
  db: Db;
  settings: CaseSettings;
  /** Injected clock for tests; default () => new Date(). */
  clock?: () => Date;
  listeners?: CaseListener[];
  logger?: Logger;
  /** Complaint types; default: the bundled src/cases/complaint-types.json. */
  types?: ComplaintType[];
}

export class CaseService {
  constructor(private readonly deps: CaseServiceDeps) {}

  addListener(listener: CaseListener): void {
    void listener;
  }

  /** Creates the indexes and the counter collection's needs. Idempotent; call once at startup. */
  async ensureIndexes(): Promise<void> {}

  /** The complaint types offered to complainants, in display order. */
  listTypes(): ComplaintType[] {
    return [];
  }

  /**
   * Files a complaint for `member` (the complainant). Validates the type, fields and respondent;
   * the same idempotencyKey for the same member returns the existing case instead of a second one.
   * With autoTriage the returned case is already awaiting_respondent with its deadline.
   * Throws ValidationError, NotAllowedError (unverified email; partner-site order).
   */
  async fileCase(member: Member, input: FileCaseInput): Promise<CaseDoc> {
    void member; void input;
    throw new Error('not implemented yet');
  }

  /** The member's cases, newest first: as complainant, and as respondent when its verified email matches. */
  async listForMember(member: Member): Promise<CaseSummary[]> {
    void member;
    return [];
  }

  /** One case as this member sees it. NotFoundError for non-parties and for malformed numbers. */
  async getForMember(member: Member, caseNumber: string): Promise<CaseForParty> {
    void member; void caseNumber;
    throw new Error('not implemented yet');
  }

  /**
   * The member's party on the case (authorization for other modules, e.g. evidence uploads).
   * NotFoundError when not a party.
   */
  async authorize(member: Member, caseNumber: string): Promise<{ caseDoc: CaseDoc; party: Party }> {
    void member; void caseNumber;
    throw new Error('not implemented yet');
  }

  /**
   * The member's answer: allowed only while its view is 'Awaiting my response' (then → processing).
   * Otherwise NotAllowedError whose message says why and what the status means; ConflictError on a lost race.
   */
  async respond(member: Member, caseNumber: string, input: { statement: string }): Promise<CaseDoc> {
    void member; void caseNumber; void input;
    throw new Error('not implemented yet');
  }

  /** Complainant only, any non-final case → cancelled (cancelledBy 'complainant'). */
  async cancel(member: Member, caseNumber: string, reason?: string): Promise<CaseDoc> {
    void member; void caseNumber; void reason;
    throw new Error('not implemented yet');
  }

  /**
   * Records an evidence file already stored (GridFS) on the case, for a party, while the case is not final.
   * The same sha256 twice returns the case unchanged (stored once); over the file limit → NotAllowedError.
   */
  async attachEvidence(member: Member, caseNumber: string, ref: Omit<EvidenceRef, 'uploadedBy' | 'uploadedAt'>): Promise<CaseDoc> {
    void member; void caseNumber; void ref;
    throw new Error('not implemented yet');
  }

  // ---- support and system side (no member authorization: the caller is trusted staff code) ----

  /** Support (or the triage rule) asks `party` to respond: processing → awaiting_<party>, deadline now + hours. */
  async requestResponse(caseNumber: string, party: Party, opts: { actorId?: string; note?: string; hours?: number; actor?: 'support' | 'system' } = {}): Promise<CaseDoc> {
    void caseNumber; void party; void opts;
    throw new Error('not implemented yet');
  }

  /** Support moves the current deadline (awaiting states only); reminders restart for the new deadline. */
  async extendDeadline(caseNumber: string, deadline: Date, opts: { actorId?: string; note?: string } = {}): Promise<CaseDoc> {
    void caseNumber; void deadline; void opts;
    throw new Error('not implemented yet');
  }

  /** Support closes a non-final case with a resolution text. */
  async close(caseNumber: string, resolution: string, actorId?: string): Promise<CaseDoc> {
    void caseNumber; void resolution; void actorId;
    throw new Error('not implemented yet');
  }

  /** Support adds a note (any state, including final). */
  async addNote(caseNumber: string, note: string, actorId?: string): Promise<CaseDoc> {
    void caseNumber; void note; void actorId;
    throw new Error('not implemented yet');
  }

  /** Staff view of any case, or null. */
  async getByNumber(caseNumber: string): Promise<CaseDoc | null> {
    void caseNumber;
    return null;
  }

  /**
   * The deadline timer: an awaiting case whose deadline <= now → processing with event 'deadline_missed'.
   * Runs exactly once per deadline (guarded update); null when there was nothing to do.
   */
  async markDeadlineMissed(caseNumber: string, now: Date): Promise<CaseDoc | null> {
    void caseNumber; void now;
    return null;
  }

  /**
   * Awaiting cases whose timer is due: nextTimerAt <= now (a reminder step is due, or the deadline passed).
   * Indexed; oldest first; at most `limit` (default 100).
   */
  async findDue(now: Date, limit?: number): Promise<CaseDoc[]> {
    void now; void limit;
    return [];
  }

  /**
   * Claims the reminder step due at `now` for the case's current deadline, exactly once across instances:
   * the most recent step whose time has come (earlier missed steps are not sent late), skipping steps that
   * fell before the response was requested, never at or after the deadline. Appends a 'reminder' event
   * (party = the awaited party, hoursBefore = the step) and tells listeners — notifications send from that
   * event. Returns null when nothing is due or another instance claimed it; nextTimerAt moves on.
   */
  async claimDueReminder(caseNumber: string, now: Date): Promise<CaseChange | null> {
    void caseNumber; void now;
    return null;
  }

  /**
   * One pass of the timer for every due case (findDue): a passed deadline runs markDeadlineMissed,
   * otherwise claimDueReminder. Safe with many instances. Returns the changes made (listeners also got them).
   */
  async runDueTimers(now: Date, limit?: number): Promise<CaseChange[]> {
    void now; void limit;
    return [];
  }
}
