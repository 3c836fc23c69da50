// A card-driven flow as a botbuilder dialog. Its state (in the conversation's dialog stack, in MongoDB)
// carries a random flow id; every card it sends carries that id and the step, so the router can tell a
// click on the current card from a click on an old one.
import { randomBytes } from 'node:crypto';
import { Dialog, type DialogContext, type DialogInstance, type DialogReason, type DialogTurnResult } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { AttachmentSource } from '../../evidence/index.js';
import type { FlowBoundPayload } from '../cards/payloads.js';
import { getFlowInput, getTurn, type Turn } from '../turn.js';
import { rememberEndedFlow, type FlowKind, type FlowOutcome } from './flow-memory.js';

export interface FlowState {
  flowId: string;
  step: string;
}

export type FlowStep =
  | { type: 'wait' }
  | { type: 'end'; outcome: FlowOutcome; caseNumber?: string; result?: unknown }
  | { type: 'child'; dialogId: string; options: object };

export const WAIT: FlowStep = { type: 'wait' };

export function newFlowId(): string {
  return randomBytes(9).toString('base64url');
}

export abstract class Flow<S extends FlowState, O extends object = object> extends Dialog<O> {
  abstract readonly kind: FlowKind;
  /** How the flow is named in "let's finish … first". */
  abstract readonly what: string;

  protected abstract start(turn: Turn, state: S, options: O): Promise<FlowStep>;
  protected abstract onSubmit(turn: Turn, state: S, payload: FlowBoundPayload): Promise<FlowStep>;
  /** Sends the card of the current step again. */
  abstract reprompt(turn: Turn, state: S): Promise<void>;

  /** Whether files sent now belong to this flow (an evidence step). */
  acceptsFiles(_state: S): boolean {
    return false;
  }
  protected async onFiles(_turn: Turn, _state: S, _files: AttachmentSource[]): Promise<FlowStep> {
    return WAIT;
  }
  /** Whether typed text is an answer for the current step (e.g. a verification code). */
  acceptsText(_turn: Turn, _state: S, _text: string): boolean {
    return false;
  }
  protected async onText(_turn: Turn, _state: S, _text: string): Promise<FlowStep> {
    return WAIT;
  }
  protected async onChildResult(_turn: Turn, _state: S, _result: unknown): Promise<FlowStep> {
    return { type: 'end', outcome: 'cancelled' };
  }
  /** Called when the flow ends without completing (cancelled, or replaced by another): drop what it stored. */
  async abandon(_turn: Turn, _state: S): Promise<void> {}

  override async beginDialog(dc: DialogContext, options?: O): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as S;
    state.flowId = newFlowId();
    state.step = 'start';
    return this.apply(dc, state, await this.start(getTurn(dc.context), state, (options ?? {}) as O));
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as S;
    const turn = getTurn(dc.context);
    const input = getFlowInput(dc.context);
    if (!input) {
      await this.reprompt(turn, state);
      return Dialog.EndOfTurn;
    }
    let step: FlowStep;
    if (input.kind === 'submit') step = await this.onSubmit(turn, state, input.payload);
    else if (input.kind === 'files') step = await this.onFiles(turn, state, input.files);
    else step = await this.onText(turn, state, input.text);
    return this.apply(dc, state, step);
  }

  override async resumeDialog(dc: DialogContext, _reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as S;
    return this.apply(dc, state, await this.onChildResult(getTurn(dc.context), state, result));
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.reprompt(getTurn(context), instance.state as S);
  }

  private async apply(dc: DialogContext, state: S, step: FlowStep): Promise<DialogTurnResult> {
    switch (step.type) {
      case 'wait':
        return Dialog.EndOfTurn;
      case 'child':
        return dc.beginDialog(step.dialogId, step.options);
      case 'end':
        if (step.outcome === 'cancelled') await this.abandon(getTurn(dc.context), state);
        await rememberEndedFlow(dc.context, { flowId: state.flowId, kind: this.kind, outcome: step.outcome, caseNumber: step.caseNumber });
        return dc.endDialog(step.result);
    }
  }
}
