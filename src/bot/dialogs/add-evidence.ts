// Adding evidence to an existing case while it is not final: the warning first, then files sent in
// the chat are stored and recorded on the case one by one.
import type { AttachmentSource } from '../../evidence/index.js';
import type { FlowBoundPayload } from '../cards/payloads.js';
import { evidenceCard } from '../cards/filing-cards.js';
import { outcomeCard } from '../cards/case-cards.js';
import * as T from '../texts.js';
import type { Turn } from '../turn.js';
import { fileLines, ingestFiles, mergeFiles, sendCard, uploadNotice, type FileRef } from './common.js';
import { Flow, WAIT, type FlowState, type FlowStep } from './flow.js';
import { caseForAction } from './my-cases.js';

export const ADD_EVIDENCE_DIALOG = 'addEvidence';

export interface AddEvidenceOptions {
  caseNumber: string;
}

interface AddEvidenceState extends FlowState {
  step: 'start' | 'evidence';
  caseNumber: string;
  party: 'complainant' | 'respondent';
  filesBefore: number;
  files: FileRef[];
  notice?: string;
  /** Files just received, said in the success colour (problems go in notice). */
  received?: string;
}

export class AddEvidenceDialog extends Flow<AddEvidenceState, AddEvidenceOptions> {
  readonly kind = 'evidence' as const;
  readonly what = 'adding evidence';

  constructor() {
    super(ADD_EVIDENCE_DIALOG);
  }

  protected async start(turn: Turn, state: AddEvidenceState, options: AddEvidenceOptions): Promise<FlowStep> {
    const view = await caseForAction(turn, options.caseNumber, 'add_evidence', (n) => `No more evidence can be added to ${n}.`);
    if (!view) return { type: 'end', outcome: 'done' };
    state.caseNumber = view.caseDoc.number;
    state.party = view.party;
    state.filesBefore = view.caseDoc.evidence.length;
    state.files = [];
    state.step = 'evidence';
    await this.reprompt(turn, state);
    return WAIT;
  }

  override async reprompt(turn: Turn, state: AddEvidenceState): Promise<void> {
    const u = uploadNotice(turn, state.filesBefore + state.files.length);
    await sendCard(
      turn,
      evidenceCard({
        title: `${T.ADD_EVIDENCE_TITLE} — ${state.caseNumber}`,
        warning: u.warning,
        intro: T.ADD_EVIDENCE_INTRO,
        zipHint: u.zipHint,
        limits: u.limits,
        notice: state.notice,
        received: state.received,
        files: fileLines(state.files),
        actions: [{ title: 'Done', style: 'positive', data: { verb: 'evidence.done', flow: state.flowId, step: 'evidence' } }],
      }),
    );
  }

  override acceptsFiles(state: AddEvidenceState): boolean {
    return state.step === 'evidence';
  }

  protected override async onFiles(turn: Turn, state: AddEvidenceState, files: AttachmentSource[]): Promise<FlowStep> {
    const r = await ingestFiles(turn, files, { storeKey: state.caseNumber, party: state.party, attachTo: state.caseNumber });
    state.files = mergeFiles(state.files, r.stored);
    const added = r.stored.length ? `Added to ${state.caseNumber}: ${r.stored.map((f) => f.name).join(', ')}.` : '';
    state.received = added || undefined;
    state.notice = r.problems.join(' ') || undefined;
    await this.reprompt(turn, state);
    state.notice = undefined;
    state.received = undefined;
    return WAIT;
  }

  protected async onSubmit(turn: Turn, state: AddEvidenceState, p: FlowBoundPayload): Promise<FlowStep> {
    if (p.verb !== 'evidence.done' && p.verb !== 'flow.cancel') {
      await this.reprompt(turn, state);
      return WAIT;
    }
    const n = state.files.length;
    await sendCard(
      turn,
      outcomeCard({
        title: n ? `${n} ${n === 1 ? 'file' : 'files'} added to ${state.caseNumber}` : `No files added to ${state.caseNumber}`,
        facts: state.files.map((f, i) => ({ title: `File ${i + 1}`, value: f.name })),
        paragraphs: n ? ['Both parties and the support team can see these files.'] : [],
        actions: [
          { title: 'View this case', data: { verb: 'case.view', caseNumber: state.caseNumber } },
          { title: 'My cases', data: { verb: 'menu.cases' } },
        ],
      }),
    );
    return { type: 'end', outcome: 'done', caseNumber: state.caseNumber };
  }
}
