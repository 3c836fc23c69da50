// The case service: everything the chat, the notifications and (later) the support dashboard do with
// cases goes through here. It authorizes (a member acts only on cases where it is a party; any other
// number answers "not found"), validates, runs the state machine and tells listeners about changes.
import { stripInvisible } from '../text/invisible.js';
import type { Db } from 'mongodb';
import { silentLogger, type Logger } from '../log/logger.js';
import { parseEmail } from '../identity/email.js';
import { CASE_STATES, CLOSE_OUTCOMES, type Actor, type CloseOutcome, type CaseDoc, type CaseEvent, type CaseState, type EvidenceRef, type Party, type ReminderMark } from './types.js';
import type { Member } from '../identity/types.js';
import {
  actionsFor,
  awaitedParty,
  awaitingStateOf,
  decide,
  isAwaiting,
  isFinal,
  statesAllowing,
  type ActionAvailability,
  type CaseAction,
} from './state-machine.js';
import { labelFor, statusDefinition, viewFor, type StatusLabel } from './labels.js';
import {
  defaultComplaintTypes,
  findComplaintType,
  partnerDisputeSteps,
  validateFields,
  type ComplaintType,
} from './complaint-types.js';
import { CasesRepository, type CaseChangeSpec } from './cases-repository.js';
import { parseCaseNumber } from './case-number.js';
import { makeEvent } from './events.js';
import { deadlineFrom, dueReminder, nextTimerAt } from './deadlines.js';
import { formatMoment, timeLeft } from '../time/reader-time.js';
import { CaseNotFoundError, ConflictError, NotAllowedError, ValidationError } from './errors.js';

export { NotFoundError, NotAllowedError, ConflictError, ValidationError } from './errors.js';

/** Defaults: the source's names, 72 h to respond, reminders 48/24/2 h before, automatic triage on. */
export const DEFAULT_CASE_SETTINGS: Required<CaseSettings> = {
  responsePeriodHours: { awaiting_respondent: 72, awaiting_complainant: 72 },
  reminderHours: [48, 24, 2],
  platform: 'Alibaba.com',
  partner: 'AliExpress',
  autoTriage: true,
  requireVerifiedEmail: true,
  maxEvidenceFiles: 20,
};

/** Case settings from the loaded configuration (see src/config/config.ts). */
export function caseSettingsFromConfig(config: {
  RESPONSE_PERIOD_HOURS: number;
  REMINDER_HOURS: number[];
  PLATFORM_NAME: string;
  PARTNER_SITE_NAME: string;
  EVIDENCE_MAX_FILES?: number;
  AUTO_TRIAGE?: boolean;
}): Required<CaseSettings> {
  return {
    ...DEFAULT_CASE_SETTINGS,
    responsePeriodHours: { awaiting_respondent: config.RESPONSE_PERIOD_HOURS, awaiting_complainant: config.RESPONSE_PERIOD_HOURS },
    reminderHours: config.REMINDER_HOURS,
    platform: config.PLATFORM_NAME,
    partner: config.PARTNER_SITE_NAME,
    maxEvidenceFiles: config.EVIDENCE_MAX_FILES ?? DEFAULT_CASE_SETTINGS.maxEvidenceFiles,
    autoTriage: config.AUTO_TRIAGE ?? true,
  };
}

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
  /** With a deadline: "2 days 3 hours left" (src/time wording). */
  timeLeft?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Who reads a presented case: their time zone, when the caller knows it better than the member record. */
export interface Reader {
  timeZone?: string;
}

/** A case as one party sees it. */
export interface CaseForParty {
  caseDoc: CaseDoc;
  party: Party;
  view: StatusLabel;
  /** The source's definition of that status, in the bot's words. */
  definition: string;
  actions: ActionAvailability[];
  /** While a deadline runs: "2 days 3 hours left" (src/time wording). */
  timeLeft?: string;
  /** While a deadline runs: the deadline in the reader's time zone, e.g. "30 Mar 2026, 14:00 (Europe/Berlin)". */
  deadlineText?: string;
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

/** Options of a staff action: who acts, and the version of the case they acted on (stale → ConflictError). */
export interface StaffActionOptions {
  actorId?: string;
  expectedVersion?: number;
}

const MAX_STATEMENT = 4000;
const MAX_NOTE = 4000;
/** Due cases handled side by side in one timer pass. */
const TIMER_CONCURRENCY = 8;

const TIMER_FIELDS: (keyof CaseDoc)[] = ['deadline', 'deadlineSetAt', 'nextTimerAt', 'reminders'];

function cleanText(input: unknown, max: number, what: string, field: string): string {
  const s = typeof input === 'string' ? stripInvisible(input).trim() : '';
  if (!s) throw new ValidationError(`Please write ${what}.`, { [field]: `${what[0]?.toUpperCase()}${what.slice(1)} is required.` });
  if (s.length > max) throw new ValidationError(`${what} is too long (at most ${max} characters).`, { [field]: `At most ${max} characters.` });
  return s;
}

/** The party this member is on the case, if any. */
export function partyOf(member: Pick<Member, '_id' | 'email' | 'emailVerified'>, c: CaseDoc): Party | undefined {
  const email = member.emailVerified && member.email ? member.email : undefined;
  if (c.complainant.memberId === member._id) return 'complainant';
  if (email && c.complainant.emailVerified && c.complainant.email === email) return 'complainant';
  if (email && c.respondent.email === email) return 'respondent';
  return undefined;
}

export class CaseService {
  private readonly repo: CasesRepository;
  private readonly settings: Required<CaseSettings>;
  private readonly clock: () => Date;
  private readonly listeners: CaseListener[];
  private readonly logger: Logger;
  private readonly types: ComplaintType[];

  constructor(deps: CaseServiceDeps) {
    this.repo = new CasesRepository(deps.db);
    this.settings = {
      ...DEFAULT_CASE_SETTINGS,
      ...Object.fromEntries(Object.entries(deps.settings).filter(([, v]) => v !== undefined)),
    } as Required<CaseSettings>;
    this.clock = deps.clock ?? (() => new Date());
    this.listeners = [...(deps.listeners ?? [])];
    this.logger = deps.logger ?? silentLogger;
    this.types = deps.types ?? defaultComplaintTypes();
  }

  addListener(listener: CaseListener): void {
    this.listeners.push(listener);
  }

  /** Creates the indexes. Idempotent; call once at startup. */
  async ensureIndexes(): Promise<void> {
    await this.repo.ensureIndexes();
  }

  /** The complaint types offered to complainants, in display order. */
  listTypes(): ComplaintType[] {
    return this.types;
  }

  /** The effective settings (defaults filled in). */
  getSettings(): Readonly<Required<CaseSettings>> {
    return this.settings;
  }

  /**
   * Files a complaint for `member` (the complainant). Validates the type, fields and respondent;
   * the same idempotencyKey for the same member returns the existing case instead of a second one.
   * With autoTriage the returned case is already awaiting_respondent with its deadline (events
   * 'filed' then 'response_requested' by 'system', in the one insert); listeners get both events.
   * Throws ValidationError (fields by id, `respondent.email`, `respondent.company`, `typeId`,
   * `idempotencyKey`) or NotAllowedError (unverified email; an order placed on the partner site).
   */
  async fileCase(member: Member, input: FileCaseInput): Promise<CaseDoc> {
    const key = typeof input.idempotencyKey === 'string' ? input.idempotencyKey.trim() : '';
    if (!key || key.length > 200) throw new ValidationError('A submission key is required.', { idempotencyKey: 'Required (at most 200 characters).' });
    const existing = await this.repo.findByIdempotencyKey(member._id, key);
    if (existing) return existing;

    const type = findComplaintType(this.types, input.typeId);
    if (!type) throw new ValidationError('Please choose one of the complaint types.', { typeId: 'Unknown complaint type.' });
    if (type.partnerRoutable && input.orderedOnPartnerSite) {
      const steps = partnerDisputeSteps(this.settings.partner).map((s, i) => `${i + 1}. ${s}`).join('\n');
      throw new NotAllowedError(
        `Orders placed on ${this.settings.partner} with the complaint type '${type.label}' are disputed on ${this.settings.partner}, not here. To open a dispute there:\n${steps}`,
      );
    }
    if (!member.email || (this.settings.requireVerifiedEmail && !member.emailVerified)) {
      throw new NotAllowedError('Before filing a complaint, please verify your email address: notifications about the case are sent there.');
    }

    const errors: Record<string, string> = {};
    const fields = validateFields(type, input.fields ?? {}, { now: this.clock() });
    if (!fields.ok) Object.assign(errors, fields.errors);
    const company = typeof input.respondent?.company === 'string' ? stripInvisible(input.respondent.company).trim() : '';
    if (!company) errors['respondent.company'] = "The company you complain about is required.";
    else if (company.length > 200) errors['respondent.company'] = 'The company name is too long (at most 200 characters).';
    const respondentEmail = parseEmail(input.respondent?.email);
    if (!respondentEmail) errors['respondent.email'] = "The company's email address must be a valid email, e.g. sales@example.com.";
    else if (respondentEmail === member.email) errors['respondent.email'] = 'You cannot file a complaint against your own email address.';
    if (Object.keys(errors).length || !fields.ok || !respondentEmail) {
      throw new ValidationError(`Please correct: ${Object.values(errors).join(' ')}`, errors);
    }

    const now = this.clock();
    const number = await this.repo.nextNumber(now.getUTCFullYear());
    const name = stripInvisible(input.complainant?.name ?? '').trim() || member.name;
    const complainantCompany = stripInvisible(input.complainant?.company ?? '').trim() || member.company;
    const filed = makeEvent('filed', 'complainant', now, { actorId: member._id, to: 'processing', party: 'complainant', note: type.label });
    const doc: CaseDoc = {
      _id: number,
      number,
      typeId: type.id,
      state: 'processing',
      complainant: {
        memberId: member._id,
        email: member.email,
        emailVerified: member.emailVerified,
        ...(name ? { name } : {}),
        ...(complainantCompany ? { company: complainantCompany } : {}),
      },
      respondent: { company, email: respondentEmail },
      fields: fields.values,
      evidence: [],
      events: [filed],
      idempotencyKey: key,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const events = [filed];
    if (this.settings.autoTriage) {
      // The triage rule runs inside the insert: a crash can never leave a case filed but not triaged.
      const state = awaitingStateOf('respondent');
      const deadline = deadlineFrom(now, this.settings.responsePeriodHours[state]);
      const requested = makeEvent('response_requested', 'system', now, {
        from: 'processing',
        to: state,
        party: 'respondent',
        deadline,
        note: 'Automatic triage: the respondent is asked to respond.',
      });
      Object.assign(doc, { state, deadline, deadlineSetAt: now, nextTimerAt: nextTimerAt(deadline, now, this.settings.reminderHours, now), reminders: [] });
      doc.events.push(requested);
      events.push(requested);
    }
    const inserted = await this.repo.insert(doc);
    if (!inserted) {
      // A concurrent submit with the same key won the insert.
      const winner = await this.repo.findByIdempotencyKey(member._id, key);
      if (winner) return winner;
      throw new ConflictError('The complaint could not be filed; please try again.', 'processing');
    }
    for (const event of events) await this.notify({ caseDoc: inserted, event });
    return inserted;
  }

  /** The member's cases, newest first: as complainant, and as respondent when its verified email matches. */
  async listForMember(member: Member, opts: { limit?: number } = {}): Promise<CaseSummary[]> {
    const email = member.emailVerified ? member.email : undefined;
    const docs = await this.repo.findForParty(member._id, email, opts.limit ?? 100);
    const out: CaseSummary[] = [];
    for (const c of docs) {
      const party = partyOf(member, c);
      if (!party) continue;
      out.push({
        number: c.number,
        typeId: c.typeId,
        typeLabel: this.typeLabel(c.typeId),
        party,
        state: c.state,
        view: viewFor(c, party),
        counterparty: party === 'complainant' ? c.respondent.company : (c.complainant.company ?? c.complainant.name ?? 'the complainant'),
        ...(c.deadline ? { deadline: c.deadline, timeLeft: timeLeft(c.deadline, this.clock()) } : {}),
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      });
    }
    return out;
  }

  /** One case as this member sees it. NotFoundError for non-parties and for malformed numbers. */
  async getForMember(member: Member, caseNumber: string, reader: Reader = {}): Promise<CaseForParty> {
    const { caseDoc, party } = await this.authorize(member, caseNumber);
    return this.present(member, caseDoc, party, reader);
  }

  /**
   * Presents a case for a party (also for listeners that already hold the document). Times are in
   * `reader.timeZone` when given (the chat's), else the member's, else its first account's.
   */
  present(member: Pick<Member, 'timeZone' | 'accounts'> | undefined, caseDoc: CaseDoc, party: Party, reader: Reader = {}): CaseForParty {
    const view = viewFor(caseDoc, party);
    const timeZone = reader.timeZone ?? member?.timeZone ?? member?.accounts?.find((a) => a.timeZone)?.timeZone;
    return {
      caseDoc,
      party,
      view,
      definition: statusDefinition(view, {
        platform: this.settings.platform,
        ...(caseDoc.cancelledBy ? { cancelledByMe: caseDoc.cancelledBy === party } : {}),
      }),
      actions: actionsFor(caseDoc.state, party, { platform: this.settings.platform }),
      ...(caseDoc.deadline && isAwaiting(caseDoc.state)
        ? { timeLeft: timeLeft(caseDoc.deadline, this.clock()), deadlineText: formatMoment(caseDoc.deadline, timeZone) }
        : {}),
    };
  }

  /** The display label of a complaint type id. */
  typeLabel(typeId: string): string {
    return findComplaintType(this.types, typeId)?.label ?? typeId;
  }

  /**
   * The member's party on the case (authorization for other modules, e.g. evidence uploads).
   * NotFoundError when not a party, when there is no such case, or when the number is malformed.
   */
  async authorize(member: Member, caseNumber: string): Promise<{ caseDoc: CaseDoc; party: Party }> {
    const number = parseCaseNumber(caseNumber);
    if (!number) throw new CaseNotFoundError();
    const caseDoc = await this.repo.findByNumber(number);
    const party = caseDoc ? partyOf(member, caseDoc) : undefined;
    if (!caseDoc || !party) throw new CaseNotFoundError();
    return { caseDoc, party };
  }

  /**
   * The member's answer: allowed only while its view is 'Awaiting my response' (then → processing).
   * Otherwise NotAllowedError whose message says why and what the status means; ConflictError on a lost race.
   */
  async respond(member: Member, caseNumber: string, input: { statement: string }): Promise<CaseDoc> {
    const { caseDoc, party } = await this.authorize(member, caseNumber);
    this.check(caseDoc.state, party, 'respond');
    const statement = cleanText(input?.statement, MAX_STATEMENT, 'your response', 'statement');
    const now = this.clock();
    const event = makeEvent('responded', party, now, { actorId: member._id, from: caseDoc.state, to: 'processing', party, note: statement });
    return this.apply(caseDoc, party, {
      set: { state: 'processing', ...(party === 'respondent' ? { respondent: { ...caseDoc.respondent, memberId: member._id } } : {}) },
      unset: TIMER_FIELDS,
      event,
    });
  }

  /** Complainant only, any non-final case → cancelled (cancelledBy 'complainant'). */
  async cancel(member: Member, caseNumber: string, reason?: string): Promise<CaseDoc> {
    const { caseDoc, party } = await this.authorize(member, caseNumber);
    this.check(caseDoc.state, party, 'cancel');
    const note = reason === undefined || reason.trim() === '' ? undefined : cleanText(reason, MAX_NOTE, 'a reason', 'reason');
    const event = makeEvent('cancelled', party, this.clock(), { actorId: member._id, from: caseDoc.state, to: 'cancelled', party, note });
    return this.apply(caseDoc, party, { set: { state: 'cancelled', cancelledBy: party }, unset: TIMER_FIELDS, event });
  }

  /**
   * Records an evidence file already stored (GridFS) on the case, for a party, while the case is not final.
   * The same sha256 twice returns the case unchanged (stored once); over the file limit → NotAllowedError.
   */
  async attachEvidence(member: Member, caseNumber: string, ref: Omit<EvidenceRef, 'uploadedBy' | 'uploadedAt'>): Promise<CaseDoc> {
    const { caseDoc, party } = await this.authorize(member, caseNumber);
    this.check(caseDoc.state, party, 'add_evidence');
    if (caseDoc.evidence.some((e) => e.sha256 === ref.sha256)) return caseDoc;
    const max = this.settings.maxEvidenceFiles;
    if (caseDoc.evidence.length >= max) throw new NotAllowedError(`This case already has ${max} files, the most allowed. Put several files of the same kind in one zip file.`);
    const now = this.clock();
    const evidence: EvidenceRef = { ...ref, uploadedBy: party, uploadedAt: now };
    const event = makeEvent('evidence_added', party, now, { actorId: member._id, party, fileId: ref.fileId, note: ref.name });
    const updated = await this.repo.applyGuarded(
      caseDoc.number,
      { states: statesAllowing(party, 'add_evidence'), extra: { 'evidence.sha256': { $ne: ref.sha256 }, [`evidence.${max - 1}`]: { $exists: false } } },
      { event, pushEvidence: evidence },
    );
    if (updated) {
      await this.notify({ caseDoc: updated, event });
      return updated;
    }
    const current = await this.repo.findByNumber(caseDoc.number);
    if (current?.evidence.some((e) => e.sha256 === ref.sha256)) return current;
    if (current && current.evidence.length >= max) throw new NotAllowedError(`This case already has ${max} files, the most allowed.`);
    throw this.conflict(current?.state ?? caseDoc.state, party);
  }

  // ---- support and system side (no member authorization: the caller is trusted staff code) ----

  /**
   * Support (or the triage rule, actor 'system') asks `party` to respond: processing → awaiting_<party>,
   * deadline = now + hours (default: the configured period of that state).
   */
  async requestResponse(caseNumber: string, party: Party, opts: StaffActionOptions & { note?: string; hours?: number; actor?: 'support' | 'system' } = {}): Promise<CaseDoc> {
    const actor = opts.actor ?? 'support';
    const caseDoc = await this.staffGet(caseNumber, opts.expectedVersion);
    this.check(caseDoc.state, actor, 'request_response', party);
    const state = awaitingStateOf(party);
    const hours = opts.hours ?? this.settings.responsePeriodHours[state];
    if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 365) throw new ValidationError('The response period must be a positive number of hours.', { hours: 'Positive hours, at most a year.' });
    const now = this.clock();
    const deadline = deadlineFrom(now, hours);
    const note = opts.note === undefined || opts.note.trim() === '' ? undefined : cleanText(opts.note, MAX_NOTE, 'the message', 'message');
    const event = makeEvent('response_requested', actor, now, { actorId: opts.actorId, from: caseDoc.state, to: state, party, deadline, note });
    return this.apply(caseDoc, actor, {
      set: { state, deadline, deadlineSetAt: now, nextTimerAt: nextTimerAt(deadline, now, this.settings.reminderHours, now), reminders: [] },
      event,
    });
  }

  /** Support moves the current deadline (awaiting states only, must be in the future); reminders restart. */
  async extendDeadline(caseNumber: string, deadline: Date, opts: StaffActionOptions & { note?: string } = {}): Promise<CaseDoc> {
    const caseDoc = await this.staffGet(caseNumber, opts.expectedVersion);
    this.check(caseDoc.state, 'support', 'extend_deadline');
    const now = this.clock();
    if (!(deadline instanceof Date) || Number.isNaN(deadline.getTime()) || deadline.getTime() <= now.getTime()) {
      throw new ValidationError('The new deadline must be in the future.', { deadline: 'Must be in the future.' });
    }
    const party = isAwaiting(caseDoc.state) ? awaitedParty(caseDoc.state) : undefined;
    const event = makeEvent('deadline_extended', 'support', now, { actorId: opts.actorId, party, deadline, note: opts.note?.trim() });
    return this.apply(caseDoc, 'support', {
      set: { deadline, deadlineSetAt: now, nextTimerAt: nextTimerAt(deadline, now, this.settings.reminderHours, now), reminders: [] },
      event,
    });
  }

  /** Support closes a non-final case with a resolution text and, optionally, an outcome (both parties see both). */
  async close(caseNumber: string, resolution: string, actorId?: string, opts: StaffActionOptions & { outcome?: CloseOutcome } = {}): Promise<CaseDoc> {
    const caseDoc = await this.staffGet(caseNumber, opts.expectedVersion);
    this.check(caseDoc.state, 'support', 'close');
    const text = cleanText(resolution, MAX_NOTE, 'the resolution', 'resolution');
    const outcome = opts.outcome;
    if (outcome !== undefined && !CLOSE_OUTCOMES.includes(outcome)) {
      throw new ValidationError('Please choose one of the outcomes.', { outcome: `One of ${CLOSE_OUTCOMES.join(', ')}.` });
    }
    const event = makeEvent('closed', 'support', this.clock(), { actorId, from: caseDoc.state, to: 'closed', note: text, outcome });
    return this.apply(caseDoc, 'support', { set: { state: 'closed', resolution: text, ...(outcome ? { outcome } : {}) }, unset: TIMER_FIELDS, event });
  }

  /**
   * Support writes to one party of a non-final case (event 'message'): notifications deliver it to that
   * party in chat and by email. The state does not change.
   */
  async messageParty(caseNumber: string, party: Party, text: string, opts: StaffActionOptions = {}): Promise<CaseDoc> {
    const caseDoc = await this.staffGet(caseNumber, opts.expectedVersion);
    if (party !== 'complainant' && party !== 'respondent') throw new ValidationError('Say which party to write to.', { party: 'complainant or respondent.' });
    if (isFinal(caseDoc.state)) throw new NotAllowedError(`The case is ${caseDoc.state}: the parties are no longer written to about it.`);
    const note = cleanText(text, MAX_NOTE, 'the message', 'text');
    const event = makeEvent('message', 'support', this.clock(), { actorId: opts.actorId, party, note });
    const states = CASE_STATES.filter((st) => !isFinal(st));
    return this.applyKeepingState(caseDoc, states, { event }, opts.expectedVersion);
  }

  /** Support assigns the case to a staff member (email), or unassigns it with ''. Any state. */
  async assign(caseNumber: string, assignee: string, opts: StaffActionOptions = {}): Promise<CaseDoc> {
    const caseDoc = await this.staffGet(caseNumber, opts.expectedVersion);
    const email = assignee === '' ? '' : parseEmail(assignee);
    if (email === null) throw new ValidationError('Please give the email address of a staff member.', { email: 'A valid email address.' });
    const event = makeEvent('assigned', 'support', this.clock(), { actorId: opts.actorId, assignee: email });
    const spec: CaseChangeSpec = email ? { set: { assignee: email }, event } : { unset: ['assignee'], event };
    // makeEvent drops '' details: an unassignment records assignee '' explicitly.
    if (!email) event.assignee = '';
    return this.applyKeepingState(caseDoc, CASE_STATES, spec, opts.expectedVersion);
  }

  /** Support adds a note (any state, including final). */
  async addNote(caseNumber: string, note: string, actorId?: string): Promise<CaseDoc> {
    const caseDoc = await this.staffGet(caseNumber);
    const text = cleanText(note, MAX_NOTE, 'the note', 'note');
    const event = makeEvent('note', 'support', this.clock(), { actorId, note: text });
    // A note fits any state: guard on all of them so it never loses a race with a transition.
    const updated = await this.repo.applyGuarded(caseDoc.number, { states: CASE_STATES }, { event });
    if (!updated) throw new CaseNotFoundError();
    await this.notify({ caseDoc: updated, event });
    return updated;
  }

  /** Staff view of any case (no authorization), or null; malformed numbers give null. */
  /** Whether a case awaits a response from the party with this normalised email (verification lets them in). */
  async awaitsResponseFrom(email: string): Promise<boolean> {
    return this.repo.awaitsResponseFrom(email);
  }

  async getByNumber(caseNumber: string): Promise<CaseDoc | null> {
    const number = parseCaseNumber(caseNumber);
    return number ? this.repo.findByNumber(number) : null;
  }

  /**
   * The deadline timer: an awaiting case whose deadline <= now → processing with event 'deadline_missed'
   * (actor 'system', party = who missed it). Exactly once per deadline (guarded update); null when there
   * was nothing to do or another instance did it.
   */
  async markDeadlineMissed(caseNumber: string, now: Date): Promise<CaseDoc | null> {
    const caseDoc = await this.getByNumber(caseNumber);
    if (!caseDoc || !isAwaiting(caseDoc.state) || !caseDoc.deadline || caseDoc.deadline.getTime() > now.getTime()) return null;
    const party = awaitedParty(caseDoc.state);
    const event = makeEvent('deadline_missed', 'system', now, {
      from: caseDoc.state,
      to: 'processing',
      party,
      deadline: caseDoc.deadline,
      note: `No response from the ${party} by the deadline; the support team decides the next step.`,
    });
    const updated = await this.repo.applyGuarded(
      caseDoc.number,
      { states: [caseDoc.state], extra: { deadline: caseDoc.deadline } },
      { set: { state: 'processing' }, unset: TIMER_FIELDS, event },
    );
    if (updated) await this.notify({ caseDoc: updated, event });
    return updated;
  }

  /**
   * Awaiting cases whose timer is due: nextTimerAt <= now (a reminder step is due, or the deadline passed).
   * Indexed; oldest first; at most `limit` (default 100).
   */
  async findDue(now: Date, limit?: number): Promise<CaseDoc[]> {
    return this.repo.findDue(now, limit);
  }

  /**
   * Claims the reminder step due at `now` for the case's current deadline, exactly once across instances:
   * the most recent step whose time has come (earlier missed steps are not sent late), skipping steps that
   * fell before the response was requested, never at or after the deadline. Appends a 'reminder' event
   * (party = the awaited party, hoursBefore = the step) and tells listeners — notifications send from that
   * event. Returns null when nothing is due or another instance claimed it; nextTimerAt moves on.
   */
  async claimDueReminder(caseNumber: string, now: Date, read?: CaseDoc): Promise<CaseChange | null> {
    // A sweep passes the case it just read: the guarded update below rejects it if it changed since.
    const caseDoc = read && read.number === caseNumber ? read : await this.getByNumber(caseNumber);
    if (!caseDoc || !isAwaiting(caseDoc.state) || !caseDoc.deadline) return null;
    const expected = { state: caseDoc.state, deadline: caseDoc.deadline };
    const next = nextTimerAt(caseDoc.deadline, caseDoc.deadlineSetAt ?? caseDoc.deadline, this.settings.reminderHours, now);
    const due = dueReminder(caseDoc, now, this.settings.reminderHours);
    if (!due) {
      // Nothing due (e.g. the schedule changed): move the mark so findDue stops returning the case.
      if (caseDoc.nextTimerAt && caseDoc.nextTimerAt.getTime() <= now.getTime() && next.getTime() > now.getTime()) {
        await this.repo.setNextTimer(caseDoc.number, expected, next);
      }
      return null;
    }
    const mark: ReminderMark = { key: due.key, party: due.party, hoursBefore: due.hoursBefore, dueAt: due.at, claimedAt: now };
    const event = makeEvent('reminder', 'system', now, {
      party: due.party,
      deadline: caseDoc.deadline,
      hoursBefore: due.hoursBefore,
      note: `Reminder ${due.hoursBefore} h before the deadline.`,
    });
    const updated = await this.repo.applyGuarded(
      caseDoc.number,
      { states: [caseDoc.state], extra: { deadline: caseDoc.deadline, 'reminders.key': { $ne: due.key } } },
      { set: { nextTimerAt: next }, event, pushReminder: mark },
    );
    if (!updated) return null;
    const change = { caseDoc: updated, event };
    await this.notify(change);
    return change;
  }

  /**
   * One pass of the timer for every due case (findDue): a passed deadline runs markDeadlineMissed,
   * otherwise claimDueReminder. Safe with many instances. Returns the changes made (listeners also got them).
   */
  async runDueTimers(now: Date, limit?: number): Promise<CaseChange[]> {
    const changes: CaseChange[] = [];
    const due = await this.repo.findDue(now, limit);
    // A few cases at a time: each claim is a handful of sequential durable writes, and claims of
    // different cases are independent, so running some side by side lets their writes share syncs.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < due.length) {
        const c = due[next++];
        try {
          if (c.deadline && c.deadline.getTime() <= now.getTime()) {
            const updated = await this.markDeadlineMissed(c.number, now);
            const event = updated?.events[updated.events.length - 1];
            if (updated && event) changes.push({ caseDoc: updated, event });
          } else {
            const change = await this.claimDueReminder(c.number, now, c);
            if (change) changes.push(change);
          }
        } catch (err) {
          this.logger.error({ err, caseNumber: c.number }, 'case timer failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(TIMER_CONCURRENCY, due.length) }, worker));
    return changes;
  }

  // ---- internals ----

  /** The case for a staff action; with expectedVersion, ConflictError when it changed since the caller read it. */
  private async staffGet(caseNumber: string, expectedVersion?: number): Promise<CaseDoc> {
    const caseDoc = await this.getByNumber(caseNumber);
    if (!caseDoc) throw new CaseNotFoundError(`No case ${String(caseNumber).slice(0, 40)} was found.`);
    if (expectedVersion !== undefined && caseDoc.version !== expectedVersion) throw this.staleConflict(caseDoc);
    return caseDoc;
  }

  private staleConflict(current: CaseDoc): ConflictError {
    const last = current.events[current.events.length - 1];
    const what = last ? ` The latest change: ${last.type.replace(/_/g, ' ')} by ${last.actor}.` : '';
    return new ConflictError(`The case changed since you loaded it; its state is now ${current.state}.${what} Please look at it again.`, current.state, current);
  }

  /** A staff change that keeps the state (message, assignment): guarded on `states` and the version read. */
  private async applyKeepingState(caseDoc: CaseDoc, states: readonly CaseState[], spec: CaseChangeSpec, expectedVersion?: number): Promise<CaseDoc> {
    const extra = expectedVersion === undefined ? undefined : { version: expectedVersion };
    const updated = await this.repo.applyGuarded(caseDoc.number, { states, ...(extra ? { extra } : {}) }, spec);
    if (updated) {
      await this.notify({ caseDoc: updated, event: spec.event });
      return updated;
    }
    const current = await this.repo.findByNumber(caseDoc.number);
    if (!current) throw new CaseNotFoundError();
    throw this.staleConflict(current);
  }

  /** Throws NotAllowedError with the state machine's reason when the action is not allowed now. */
  private check(state: CaseState, actor: Actor, action: CaseAction, target?: Party): void {
    const d = decide(state, actor, action, { platform: this.settings.platform, ...(target ? { target } : {}) });
    if (!d.allowed) throw new NotAllowedError(d.reason);
  }

  private conflict(current: CaseState, actor: Actor): ConflictError {
    const label = labelFor(current, actor === 'respondent' ? 'respondent' : 'complainant');
    const who = actor === 'support' || actor === 'system' ? ` (${current})` : '';
    return new ConflictError(`The case changed in the meantime; its status is now '${label}'${who}. Please look at it again.`, current);
  }

  /** The guarded update for `action`: from the state read, which must still be current. */
  private async apply(caseDoc: CaseDoc, actor: Actor, spec: CaseChangeSpec): Promise<CaseDoc> {
    // Guard on the exact state read (not every state allowing the action): a case that moved on must be
    // looked at again by whoever acts. Notes, evidence and reminders do not change the state, so they
    // never make a party's action fail.
    // Staff actions also guard on the version they read, so a change by another agent is never overwritten.
    const staff = actor === 'support';
    const updated = await this.repo.applyGuarded(caseDoc.number, { states: [caseDoc.state], ...(staff ? { extra: { version: caseDoc.version } } : {}) }, spec);
    if (updated) {
      await this.notify({ caseDoc: updated, event: spec.event });
      return updated;
    }
    const current = await this.repo.findByNumber(caseDoc.number);
    if (!current) throw new CaseNotFoundError();
    if (staff) throw this.staleConflict(current);
    throw this.conflict(current.state, actor);
  }

  private async notify(change: CaseChange): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l.onCaseChanged(change);
      } catch (err) {
        this.logger.error({ err, caseNumber: change.caseDoc.number, event: change.event.type }, 'case listener failed');
      }
    }
  }
}
