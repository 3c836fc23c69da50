// Filing a complaint: type → (trade disputes) partner-site question → the type's form → the other
// party → evidence → summary with Edit / Submit → submitted. Everything the user typed is kept in the
// flow state, so a form with mistakes comes back filled in, with a note under each field to fix.
import { findComplaintType, latestPastDate, validateFields, type ComplaintType, type FieldDef } from '../../cases/complaint-types.js';
import { NotAllowedError, ValidationError } from '../../cases/errors.js';
import { labelFor, statusDefinition } from '../../cases/labels.js';
import { parseEmail, normalizeEmail } from '../../identity/email.js';
import type { AttachmentSource } from '../../evidence/index.js';
import type { FlowBoundPayload } from '../cards/payloads.js';
import { formCard, type FormField, type FormFieldKind } from '../cards/form-card.js';
import { complaintTypeCard, evidenceCard, partnerQuestionCard, partnerRedirectCard, submittedCard, summaryCard, type Fact } from '../cards/filing-cards.js';
import { escapeMarkdown } from '../../text/escape-markdown.js';
import * as T from '../texts.js';
import { formatMoment } from '../../time/reader-time.js';
import type { Turn } from '../turn.js';
import { fileLines, ingestFiles, mergeFiles, say, sendCard, sendMenu, toFileRef, uploadNotice, userMessageOf, type FileRef } from './common.js';
import { Flow, WAIT, newFlowId, type FlowState, type FlowStep } from './flow.js';
import { VERIFY_DIALOG, type VerifyOptions, type VerifyResult } from './verify-email.js';

export const FILE_COMPLAINT_DIALOG = 'fileComplaint';

const YES_NO = /^\s*(y|yes|n|no)\b[\s.!]*$/i;

type Section = 'form' | 'respondent' | 'evidence';

interface FileState extends FlowState {
  step: 'start' | 'verify' | 'type' | 'partner' | Section | 'summary';
  typeId?: string;
  typeError?: string;
  orderedOnPartnerSite?: boolean;
  /** What the user typed, by field id (kept to fill the form again). */
  raw: Record<string, string>;
  values?: Record<string, string | number>;
  errors: Record<string, string>;
  respondent: { company: string; email: string };
  files: FileRef[];
  notice?: string;
  /** Files just received, said in the success colour (problems go in notice). */
  received?: string;
  /** Came from the summary's Edit: go back to the summary after this step. */
  editing: boolean;
  /** Sent in the summary card; the same key twice files one case. */
  key: string;
}

const KIND_OF: Record<FieldDef['kind'], FormFieldKind> = {
  text: 'text',
  longtext: 'multiline',
  date: 'date',
  number: 'text',
  money: 'text',
  email: 'email',
  choice: 'choice',
};

const PLACEHOLDER: Partial<Record<FieldDef['kind'], string>> = {
  money: 'e.g. 1250.00 USD',
  number: 'a number',
  date: 'YYYY-MM-DD',
  choice: 'Choose…',
};

export class FileComplaintDialog extends Flow<FileState> {
  readonly kind = 'file' as const;
  readonly what = 'your complaint';

  constructor() {
    super(FILE_COMPLAINT_DIALOG);
  }

  private types(turn: Turn): ComplaintType[] {
    return turn.deps.caseService.listTypes();
  }

  private typeOf(turn: Turn, state: FileState): ComplaintType | undefined {
    return state.typeId ? findComplaintType(this.types(turn), state.typeId) : undefined;
  }

  protected async start(turn: Turn, state: FileState): Promise<FlowStep> {
    state.raw = {};
    state.errors = {};
    state.respondent = { company: '', email: '' };
    state.files = [];
    state.editing = false;
    state.key = `${newFlowId()}${newFlowId()}`;
    if (!turn.member.emailVerified) {
      state.step = 'verify';
      const options: VerifyOptions = { purpose: 'file' };
      return { type: 'child', dialogId: VERIFY_DIALOG, options };
    }
    return this.show(turn, state, 'type');
  }

  protected override async onChildResult(turn: Turn, state: FileState, result: unknown): Promise<FlowStep> {
    if (!(result as VerifyResult | undefined)?.verified) {
      await sendMenu(turn);
      return { type: 'end', outcome: 'cancelled' };
    }
    return this.show(turn, state, 'type');
  }

  /** Evidence sent while filing goes with a filing that ends unsubmitted (best effort; a periodic sweep catches what is missed). */
  override async abandon(turn: Turn, state: FileState): Promise<void> {
    const key = draftKey(state.flowId);
    try {
      await turn.deps.evidenceStore.removeAll(key);
    } catch (err) {
      turn.deps.logger.warn({ err, draft: key }, 'could not remove the draft evidence of an abandoned filing');
    }
  }

  private async show(turn: Turn, state: FileState, step: FileState['step']): Promise<FlowStep> {
    state.step = step;
    await this.reprompt(turn, state);
    return WAIT;
  }

  override async reprompt(turn: Turn, state: FileState): Promise<void> {
    const n = turn.names;
    const flow = state.flowId;
    const type = this.typeOf(turn, state);
    switch (state.step) {
      case 'type':
        await sendCard(turn, complaintTypeCard({ flow, types: this.types(turn), selected: state.typeId, error: state.typeError }));
        return;
      case 'partner':
        await sendCard(turn, partnerQuestionCard(n, flow));
        return;
      case 'form': {
        if (!type) return;
        const fields: FormField[] = type.fields.map((f) => ({
          id: f.id,
          label: f.label,
          kind: KIND_OF[f.kind],
          required: f.required,
          maxLength: f.maxLength ?? (f.kind === 'longtext' ? 4000 : 200),
          value: state.raw[f.id] ?? '',
          placeholder: PLACEHOLDER[f.kind] ?? '',
          hint: f.help,
          error: state.errors[f.id],
          choices: f.options,
          ...(f.past ? { max: latestPastDate(turn.now()) } : {}),
        }));
        await sendCard(
          turn,
          formCard({
            title: T.formTitle(type.label),
            intro: T.FORM_INTRO,
            notice: Object.keys(state.errors).length ? T.FORM_HAS_ERRORS : '',
            fields,
            actions: [
              { title: 'Continue', style: 'positive', data: { verb: 'file.form', flow, step: 'form' } },
              { title: 'Cancel', inputs: 'none', data: { verb: 'flow.cancel', flow, step: 'form' } },
            ],
          }),
        );
        return;
      }
      case 'respondent':
        await sendCard(
          turn,
          formCard({
            title: T.RESPONDENT_TITLE,
            intro: T.RESPONDENT_INTRO,
            notice: Object.keys(state.errors).length ? T.FORM_HAS_ERRORS : '',
            fields: [
              { id: 'respondentCompany', label: T.RESPONDENT_COMPANY, kind: 'text', required: true, maxLength: 200, value: state.respondent.company, error: state.errors.respondentCompany },
              { id: 'respondentEmail', label: T.RESPONDENT_EMAIL, kind: 'email', required: true, maxLength: 254, value: state.respondent.email, error: state.errors.respondentEmail, placeholder: 'name@supplier.com' },
            ],
            actions: [
              { title: 'Continue', style: 'positive', data: { verb: 'file.respondent', flow, step: 'respondent' } },
              { title: 'Cancel', inputs: 'none', data: { verb: 'flow.cancel', flow, step: 'respondent' } },
            ],
          }),
        );
        return;
      case 'evidence': {
        const u = uploadNotice(turn, state.files.length);
        await sendCard(
          turn,
          evidenceCard({
            title: T.EVIDENCE_TITLE_FILING,
            warning: u.warning,
            intro: T.evidenceIntroFiling(),
            zipHint: u.zipHint,
            limits: u.limits,
            notice: state.notice,
            received: state.received,
            files: fileLines(state.files),
            actions: [
              {
                title: state.files.length ? 'Continue' : 'Skip — no evidence',
                style: 'positive',
                data: { verb: 'evidence.done', flow, step: 'evidence' },
              },
              { title: 'Cancel', data: { verb: 'flow.cancel', flow, step: 'evidence' } },
            ],
          }),
        );
        return;
      }
      case 'summary':
        if (!type) return;
        await sendCard(
          turn,
          summaryCard({
            flow,
            key: state.key,
            complaint: this.complaintFacts(type, state, turn.names.partner),
            respondent: [
              { title: 'Company', value: state.respondent.company },
              { title: 'Email', value: state.respondent.email },
            ],
            files: fileLines(state.files),
            footer: T.summaryFooter(n),
          }),
          state.notice,
        );
        return;
      default:
        return;
    }
  }

  private complaintFacts(type: ComplaintType, state: FileState, partner: string): Fact[] {
    const facts: Fact[] = [{ title: 'Type', value: type.label }];
    if (type.partnerRoutable) facts.push({ title: `Ordered on ${partner}`, value: 'No' });
    for (const f of type.fields) {
      const v = state.values?.[f.id];
      if (v !== undefined && v !== '') facts.push({ title: f.label, value: String(v) });
    }
    return facts;
  }

  /** Typed answers work too where a word is enough: a type's name or number, yes or no. */
  override acceptsText(turn: Turn, state: FileState, text: string): boolean {
    if (state.step === 'partner') return YES_NO.test(text);
    if (state.step === 'type') return this.typeFromText(turn, text) !== undefined;
    return false;
  }

  protected override async onText(turn: Turn, state: FileState, text: string): Promise<FlowStep> {
    if (state.step === 'partner') {
      const answer = /^\s*(y|yes)\b/i.test(text) ? 'yes' : 'no';
      return this.onSubmit(turn, state, { verb: 'file.partner', flow: state.flowId, step: 'partner', answer });
    }
    const type = this.typeFromText(turn, text);
    return this.onSubmit(turn, state, { verb: 'file.type', flow: state.flowId, step: 'type', typeId: type?.id ?? '' });
  }

  private typeFromText(turn: Turn, text: string): ComplaintType | undefined {
    const t = text.trim().toLowerCase().replace(/[.!]+$/, '');
    const types = this.types(turn);
    if (/^\d{1,2}$/.test(t)) return types[Number(t) - 1];
    return types.find((x) => x.label.toLowerCase() === t || x.id === t);
  }

  override acceptsFiles(state: FileState): boolean {
    return state.step === 'evidence';
  }

  protected override async onFiles(turn: Turn, state: FileState, files: AttachmentSource[]): Promise<FlowStep> {
    const r = await ingestFiles(turn, files, { storeKey: draftKey(state.flowId), party: 'complainant' });
    state.files = mergeFiles(state.files, r.stored);
    const added = r.stored.length ? `Received: ${r.stored.map((f) => f.name).join(', ')}.` : '';
    state.received = added || undefined;
    state.notice = r.problems.join(' ') || undefined;
    await this.reprompt(turn, state);
    state.notice = undefined;
    state.received = undefined;
    return WAIT;
  }

  protected async onSubmit(turn: Turn, state: FileState, p: FlowBoundPayload): Promise<FlowStep> {
    state.notice = undefined;
    switch (p.verb) {
      case 'flow.cancel':
        await say(turn, T.FLOW_CANCELLED);
        await sendMenu(turn);
        return { type: 'end', outcome: 'cancelled' };
      case 'file.type': {
        const type = findComplaintType(this.types(turn), p.typeId);
        if (!type) {
          state.typeError = T.FILE_TYPE_REQUIRED;
          return this.show(turn, state, 'type');
        }
        state.typeError = undefined;
        if (state.typeId !== type.id) {
          state.typeId = type.id;
          state.raw = {};
          state.values = undefined;
          state.errors = {};
        }
        if (type.partnerRoutable) return this.show(turn, state, 'partner');
        state.orderedOnPartnerSite = undefined;
        return this.show(turn, state, 'form');
      }
      case 'file.partner':
        if (p.answer === 'yes') {
          await sendCard(turn, partnerRedirectCard(turn.names));
          return { type: 'end', outcome: 'redirected' };
        }
        state.orderedOnPartnerSite = false;
        return this.show(turn, state, 'form');
      case 'file.form':
        return this.form(turn, state, p);
      case 'file.respondent':
        return this.respondent(turn, state, p);
      case 'evidence.done':
        state.editing = false;
        return this.show(turn, state, 'summary');
      case 'file.edit':
        state.editing = true;
        state.errors = {};
        return this.show(turn, state, p.section);
      case 'file.submit':
        if (p.key !== state.key) {
          // Not the key this flow put in its summary card: someone made the data up.
          await say(turn, T.REFUSE_INVALID_CARD);
          return this.show(turn, state, 'summary');
        }
        return this.submit(turn, state);
      default:
        await this.reprompt(turn, state);
        return WAIT;
    }
  }

  private async form(turn: Turn, state: FileState, p: Extract<FlowBoundPayload, { verb: 'file.form' }>): Promise<FlowStep> {
    const type = this.typeOf(turn, state);
    if (!type) return this.show(turn, state, 'type');
    const input = p as unknown as Record<string, unknown>;
    const raw: Record<string, string> = {};
    for (const f of type.fields) {
      const v = input[f.id];
      if (typeof v === 'string') raw[f.id] = v.slice(0, (f.maxLength ?? 4000) + 200);
    }
    state.raw = raw;
    const result = validateFields(type, raw, { now: turn.now() });
    if (!result.ok) {
      state.errors = result.errors;
      return this.show(turn, state, 'form');
    }
    state.errors = {};
    state.values = result.values;
    return this.show(turn, state, state.editing ? 'summary' : 'respondent');
  }

  private async respondent(turn: Turn, state: FileState, p: Extract<FlowBoundPayload, { verb: 'file.respondent' }>): Promise<FlowStep> {
    const company = p.respondentCompany.trim();
    const emailRaw = p.respondentEmail.trim();
    state.respondent = { company: company.slice(0, 300), email: emailRaw.slice(0, 300) };
    const errors: Record<string, string> = {};
    if (!company) errors.respondentCompany = 'Please name the company the complaint is against.';
    else if (company.length > 200) errors.respondentCompany = `The company name is too long (${company.length} characters; at most 200).`;
    const email = parseEmail(emailRaw);
    if (!emailRaw) errors.respondentEmail = "Please enter the other party's email address.";
    else if (!email) errors.respondentEmail = 'That is not a valid email address, e.g. sales@supplier.com.';
    else if (turn.member.email && normalizeEmail(turn.member.email) === email) errors.respondentEmail = "That's your own email address: enter the other party's.";
    state.errors = errors;
    if (Object.keys(errors).length || !email) return this.show(turn, state, 'respondent');
    state.respondent.email = email;
    return this.show(turn, state, state.editing ? 'summary' : 'evidence');
  }

  private async submit(turn: Turn, state: FileState): Promise<FlowStep> {
    const type = this.typeOf(turn, state);
    if (!type || !state.values) return this.show(turn, state, 'type');
    const { caseService, evidenceStore, logger } = turn.deps;
    let caseDoc;
    try {
      caseDoc = await caseService.fileCase(turn.member, {
        typeId: type.id,
        fields: state.values,
        respondent: { company: state.respondent.company, email: state.respondent.email },
        idempotencyKey: state.key,
        complainant: { name: turn.member.name, company: turn.member.company },
        orderedOnPartnerSite: type.partnerRoutable ? (state.orderedOnPartnerSite ?? false) : undefined,
      });
    } catch (err) {
      if (err instanceof ValidationError) {
        const typeFieldErrors = Object.fromEntries(Object.entries(err.fields).filter(([k]) => type.fields.some((f) => f.id === k)));
        if (Object.keys(typeFieldErrors).length) {
          state.errors = typeFieldErrors;
          state.editing = true;
          return this.show(turn, state, 'form');
        }
        const r = { respondentCompany: err.fields['respondent.company'], respondentEmail: err.fields['respondent.email'] };
        if (r.respondentCompany || r.respondentEmail) {
          state.errors = Object.fromEntries(Object.entries(r).filter(([, v]) => v)) as Record<string, string>;
          state.editing = true;
          return this.show(turn, state, 'respondent');
        }
      }
      const message = userMessageOf(err);
      if (!message) throw err;
      if (err instanceof NotAllowedError && state.orderedOnPartnerSite) {
        await say(turn, message);
        return { type: 'end', outcome: 'redirected' };
      }
      state.notice = message;
      return this.show(turn, state, 'summary');
    }
    // Files were stored under a draft key while the case did not exist: copy them into the case (so the
    // store's per-case checks and downloads work) and record them on it.
    const notMoved: string[] = [];
    for (const f of state.files) {
      try {
        if (!caseDoc.evidence.some((e) => e.sha256 === f.sha256)) {
          const draft = await evidenceStore.open(f.fileId, { caseNumber: draftKey(state.flowId) });
          const put = await evidenceStore.put({ caseNumber: caseDoc.number, uploadedBy: 'complainant', uploaderId: turn.member._id, name: f.name, data: draft.stream });
          caseDoc = await caseService.attachEvidence(turn.member, caseDoc.number, toFileRef(put.ref));
        }
        // The case holds its own copy now: the draft copy would only take space.
        await evidenceStore.remove(f.fileId, { caseNumber: draftKey(state.flowId) });
      } catch (err) {
        notMoved.push(f.name);
        logger.warn({ err, caseNumber: caseDoc.number }, 'could not move a draft evidence file to the new case');
      }
    }
    if (notMoved.length) {
      await say(turn, T.evidenceNotMoved(notMoved.map(escapeMarkdown), caseDoc.number));
    }
    const view = labelFor(caseDoc.state, 'complainant');
    const processing = labelFor('processing', 'complainant');
    const awaitingUntil = caseDoc.state === 'awaiting_respondent' && caseDoc.deadline ? formatMoment(caseDoc.deadline, turn.timeZone) : undefined;
    await sendCard(
      turn,
      submittedCard({
        number: caseDoc.number,
        typeTitle: type.label,
        status: view,
        statusMeaning:
          view === processing
            ? statusDefinition(view, { platform: turn.names.platform })
            : `Your complaint was received as '${processing}', and the other party has already been asked to respond, so you now see '${view}'. ${statusDefinition(view, { platform: turn.names.platform })}`,
        filedAt: formatMoment(caseDoc.createdAt, turn.timeZone),
        next: T.submittedNext(turn.names, { email: turn.member.email ?? '', awaitingUntil, respondent: caseDoc.respondent.company }),
        liabilityNote: T.liabilityNote(turn.names),
      }),
    );
    return { type: 'end', outcome: 'submitted', caseNumber: caseDoc.number };
  }
}

/** Where evidence sent while filing is stored until the case exists. */
export function draftKey(flowId: string): string {
  return `${DRAFT_KEY_PREFIX}${flowId}`;
}

/** The start of every draft key: what the draft evidence sweep looks for. */
export const DRAFT_KEY_PREFIX = 'draft-';
