// Cancelling a complaint: complainant only, not in a final state, after an explicit confirmation.
import type { FlowBoundPayload } from '../cards/payloads.js';
import { confirmCard, outcomeCard } from '../cards/case-cards.js';
import * as T from '../texts.js';
import type { Turn } from '../turn.js';
import { say, sendCard, userMessageOf } from './common.js';
import { Flow, WAIT, type FlowState, type FlowStep } from './flow.js';
import { caseForAction, showCaseDetail } from './my-cases.js';
import { labelFor, statusDefinition } from '../../cases/labels.js';

export const CANCEL_CASE_DIALOG = 'cancelCase';

export interface CancelOptions {
  caseNumber: string;
}

interface CancelState extends FlowState {
  step: 'start' | 'confirm';
  caseNumber: string;
}

export class CancelCaseDialog extends Flow<CancelState, CancelOptions> {
  readonly kind = 'cancel' as const;
  readonly what = 'cancelling the complaint';

  constructor() {
    super(CANCEL_CASE_DIALOG);
  }

  protected async start(turn: Turn, state: CancelState, options: CancelOptions): Promise<FlowStep> {
    const view = await caseForAction(turn, options.caseNumber, 'cancel', (n) => `${n} can't be cancelled.`);
    if (!view) return { type: 'end', outcome: 'done' };
    state.caseNumber = view.caseDoc.number;
    state.step = 'confirm';
    await this.reprompt(turn, state);
    return WAIT;
  }

  override async reprompt(turn: Turn, state: CancelState): Promise<void> {
    await sendCard(
      turn,
      confirmCard({
        title: T.CANCEL_TITLE,
        text: T.cancelText(state.caseNumber),
        confirmTitle: 'Yes, cancel the complaint',
        confirmData: { verb: 'cancel.confirm', flow: state.flowId, step: 'confirm', caseNumber: state.caseNumber },
        keepTitle: 'No, keep it',
        keepData: { verb: 'flow.cancel', flow: state.flowId, step: 'confirm' },
      }),
    );
  }

  protected async onSubmit(turn: Turn, state: CancelState, p: FlowBoundPayload): Promise<FlowStep> {
    if (p.verb === 'flow.cancel') {
      await say(turn, T.CANCEL_KEPT);
      await showCaseDetail(turn, state.caseNumber);
      return { type: 'end', outcome: 'cancelled' };
    }
    if (p.verb !== 'cancel.confirm') {
      await this.reprompt(turn, state);
      return WAIT;
    }
    if (p.caseNumber !== state.caseNumber) {
      // The confirmation names another case than the one this flow asked about: made up.
      await say(turn, T.REFUSE_INVALID_CARD);
      await this.reprompt(turn, state);
      return WAIT;
    }
    try {
      const caseDoc = await turn.deps.caseService.cancel(turn.member, state.caseNumber);
      const view = labelFor(caseDoc.state, 'complainant');
      await sendCard(
        turn,
        outcomeCard({
          title: T.CASE_CANCELLED_TITLE,
          facts: [
            { title: 'Case', value: caseDoc.number },
            { title: 'Status', value: view },
          ],
          paragraphs: [statusDefinition(view, { platform: turn.names.platform, cancelledByMe: true })],
          actions: [
            { title: 'My cases', data: { verb: 'menu.cases' } },
            { title: 'Main menu', data: { verb: 'menu.main' } },
          ],
        }),
      );
      return { type: 'end', outcome: 'submitted', caseNumber: caseDoc.number };
    } catch (err) {
      const message = userMessageOf(err);
      if (!message) throw err;
      await say(turn, message);
      return { type: 'end', outcome: 'done' };
    }
  }
}
