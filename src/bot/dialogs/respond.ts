// Responding to a complaint: (email verified once) → the cases awaiting my response → the case card's
// "Respond now" → statement → evidence (each file added to the case at once) → send. Any other state is
// explained with what the status means (the source's "I can't respond to all complaints").
import { labelFor, statusDefinition } from '../../cases/labels.js';
import type { AttachmentSource } from '../../evidence/index.js';
import type { FlowBoundPayload } from '../cards/payloads.js';
import { formCard } from '../cards/form-card.js';
import { evidenceCard } from '../cards/filing-cards.js';
import { outcomeCard } from '../cards/case-cards.js';
import * as T from '../texts.js';
import type { Turn } from '../turn.js';
import { fileLines, ingestFiles, mergeFiles, say, sendCard, sendMenu, uploadNotice, userMessageOf, type FileRef } from './common.js';
import { Flow, WAIT, type FlowState, type FlowStep } from './flow.js';
import { caseForAction, showRespondList } from './my-cases.js';
import { VERIFY_DIALOG, type VerifyOptions, type VerifyResult } from './verify-email.js';

export const RESPOND_DIALOG = 'respond';
const MAX_STATEMENT = 4000;

export interface RespondOptions {
  caseNumber?: string;
}

interface RespondState extends FlowState {
  step: 'start' | 'verify' | 'statement' | 'evidence';
  caseNumber?: string;
  party?: 'complainant' | 'respondent';
  statement: string;
  error?: string;
  notice?: string;
  /** Files just received, said in the success colour (problems go in notice). */
  received?: string;
  files: FileRef[];
  filesBefore: number;
}

export class RespondDialog extends Flow<RespondState, RespondOptions> {
  readonly kind = 'respond' as const;
  readonly what = 'your response';

  constructor() {
    super(RESPOND_DIALOG);
  }

  protected async start(turn: Turn, state: RespondState, options: RespondOptions): Promise<FlowStep> {
    state.statement = '';
    state.files = [];
    state.filesBefore = 0;
    if (options.caseNumber) state.caseNumber = options.caseNumber;
    if (!turn.member.emailVerified) {
      state.step = 'verify';
      const o: VerifyOptions = { purpose: 'respond' };
      return { type: 'child', dialogId: VERIFY_DIALOG, options: o };
    }
    return this.proceed(turn, state);
  }

  protected override async onChildResult(turn: Turn, state: RespondState, result: unknown): Promise<FlowStep> {
    if (!(result as VerifyResult | undefined)?.verified) {
      await sendMenu(turn);
      return { type: 'end', outcome: 'cancelled' };
    }
    return this.proceed(turn, state);
  }

  private async proceed(turn: Turn, state: RespondState): Promise<FlowStep> {
    if (!state.caseNumber) {
      await showRespondList(turn);
      return { type: 'end', outcome: 'done' };
    }
    const view = await caseForAction(turn, state.caseNumber, 'respond', (n) => `I can't take a response for ${n} now.`);
    if (!view) return { type: 'end', outcome: 'done' };
    state.caseNumber = view.caseDoc.number;
    state.party = view.party;
    state.filesBefore = view.caseDoc.evidence.length;
    state.step = 'statement';
    await this.reprompt(turn, state);
    return WAIT;
  }

  override async reprompt(turn: Turn, state: RespondState): Promise<void> {
    const flow = state.flowId;
    const number = state.caseNumber ?? '';
    if (state.step === 'statement') {
      await sendCard(
        turn,
        formCard({
          title: T.respondTitle(number),
          intro: T.respondIntro(turn.names),
          notice: state.error ? T.FORM_HAS_ERRORS : '',
          fields: [{ id: 'statement', label: T.RESPOND_STATEMENT_LABEL, kind: 'multiline', required: true, maxLength: MAX_STATEMENT, value: state.statement, error: state.error }],
          actions: [
            { title: 'Continue', style: 'positive', data: { verb: 'respond.statement', flow, step: 'statement' } },
            { title: 'Cancel', inputs: 'none', data: { verb: 'flow.cancel', flow, step: 'statement' } },
          ],
        }),
      );
    } else if (state.step === 'evidence') {
      const u = uploadNotice(turn, state.filesBefore + state.files.length);
      await sendCard(
        turn,
        evidenceCard({
          title: `Evidence for ${number}`,
          warning: u.warning,
          intro: T.RESPOND_EVIDENCE_INTRO,
          zipHint: u.zipHint,
          limits: u.limits,
          notice: state.notice,
          received: state.received,
          files: fileLines(state.files),
          actions: [
            { title: 'Send my response', style: 'positive', data: { verb: 'respond.submit', flow, step: 'evidence' } },
            { title: 'Cancel', data: { verb: 'flow.cancel', flow, step: 'evidence' } },
          ],
        }),
      );
    }
  }

  override acceptsFiles(state: RespondState): boolean {
    return state.step === 'evidence';
  }

  protected override async onFiles(turn: Turn, state: RespondState, files: AttachmentSource[]): Promise<FlowStep> {
    const number = state.caseNumber ?? '';
    const r = await ingestFiles(turn, files, { storeKey: number, party: state.party ?? 'respondent', attachTo: number });
    state.files = mergeFiles(state.files, r.stored);
    const added = r.stored.length ? `Added to ${number}: ${r.stored.map((f) => f.name).join(', ')}.` : '';
    state.received = added || undefined;
    state.notice = r.problems.join(' ') || undefined;
    await this.reprompt(turn, state);
    state.notice = undefined;
    state.received = undefined;
    return WAIT;
  }

  protected async onSubmit(turn: Turn, state: RespondState, p: FlowBoundPayload): Promise<FlowStep> {
    switch (p.verb) {
      case 'flow.cancel':
        await say(
          turn,
          state.files.length
            ? `OK, I haven't sent a response. The files you added stay on ${state.caseNumber}.`
            : "OK, I haven't sent a response.",
        );
        return { type: 'end', outcome: 'cancelled' };
      case 'respond.statement': {
        const statement = p.statement.trim();
        state.statement = statement.slice(0, MAX_STATEMENT + 200);
        if (!statement) state.error = T.RESPOND_STATEMENT_REQUIRED;
        else if (statement.length > MAX_STATEMENT) state.error = `Your statement is too long (${statement.length} characters; at most ${MAX_STATEMENT}).`;
        else state.error = undefined;
        if (!state.error) state.step = 'evidence';
        await this.reprompt(turn, state);
        return WAIT;
      }
      case 'respond.submit':
        return this.send(turn, state);
      default:
        await this.reprompt(turn, state);
        return WAIT;
    }
  }

  private async send(turn: Turn, state: RespondState): Promise<FlowStep> {
    const number = state.caseNumber ?? '';
    let caseDoc;
    try {
      caseDoc = await turn.deps.caseService.respond(turn.member, number, { statement: state.statement });
    } catch (err) {
      const message = userMessageOf(err);
      if (!message) throw err;
      await say(turn, message);
      return { type: 'end', outcome: 'done' };
    }
    const party = state.party ?? 'respondent';
    const view = labelFor(caseDoc.state, party);
    await sendCard(
      turn,
      outcomeCard({
        title: T.RESPOND_SENT_TITLE,
        color: 'Good',
        facts: [
          { title: 'Case', value: caseDoc.number },
          { title: 'Status', value: view },
          { title: 'Files added', value: String(state.files.length) },
        ],
        paragraphs: [statusDefinition(view, { platform: turn.names.platform }), 'Both parties can follow the case under My cases; you will hear from us by chat and email.'],
        actions: [
          { title: 'View this case', data: { verb: 'case.view', caseNumber: caseDoc.number } },
          { title: 'My cases', data: { verb: 'menu.cases' } },
        ],
      }),
    );
    return { type: 'end', outcome: 'submitted', caseNumber: caseDoc.number };
  }
}
