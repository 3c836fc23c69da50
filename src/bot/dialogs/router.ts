// The main router: every message turn comes here. Card submissions are validated (payloads.ts) and
// either start something from the menu or drive the flow whose id the card carries; a click on a card
// of a flow that has ended gets a clear answer. Free text is matched to the menu's intents, then the FAQ.
import { DialogSet, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import type { StatePropertyAccessor } from 'botbuilder';
import { attachmentSource, type AttachmentSource, type ChatAttachmentLike } from '../../evidence/index.js';
import { isFlowBound, parseSubmit, type FlowBoundPayload, type SubmitPayload } from '../cards/payloads.js';
import { helpCard, questionsCard } from '../cards/menu-cards.js';
import { faqCards } from '../../faq/index.js';
import { detectIntent, type Intent } from '../intents.js';
import { retireCard } from '../teams-cards.js';
import * as T from '../texts.js';
import { setFlowInput, type Turn } from '../turn.js';
import { say, sendCard, sendMenu } from './common.js';
import { Flow, type FlowState } from './flow.js';
import { findEndedFlow, rememberEndedFlow } from './flow-memory.js';
import { FileComplaintDialog, FILE_COMPLAINT_DIALOG } from './file-complaint.js';
import { VerifyEmailDialog } from './verify-email.js';
import { RespondDialog, RESPOND_DIALOG, type RespondOptions } from './respond.js';
import { CancelCaseDialog, CANCEL_CASE_DIALOG } from './cancel-case.js';
import { AddEvidenceDialog, ADD_EVIDENCE_DIALOG } from './add-evidence.js';
import { showCaseDetail, showCaseList } from './my-cases.js';
import { askDeleteHistory, deleteHistory, keepHistory } from './conversation-history.js';
import { acceptPerson, declinePerson, noteFaqMiss, offerPerson } from '../handoff-chat.js';

type AnyFlow = Flow<FlowState, object>;

function inProgress(what: string): string {
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} is still in progress`;
}

export class Router {
  private readonly dialogs: DialogSet;

  constructor(dialogState: StatePropertyAccessor<DialogState>) {
    this.dialogs = new DialogSet(dialogState);
    this.dialogs.add(new FileComplaintDialog());
    this.dialogs.add(new VerifyEmailDialog());
    this.dialogs.add(new RespondDialog());
    this.dialogs.add(new CancelCaseDialog());
    this.dialogs.add(new AddEvidenceDialog());
  }

  async onMessage(turn: Turn): Promise<void> {
    const dc = await this.dialogs.createContext(turn.ctx);
    const { activity } = turn.ctx;
    // Typed by the SDK, but a channel (e.g. a web chat client) may send anything: read defensively.
    const text = typeof activity.text === 'string' ? activity.text.trim() : '';
    const files = (Array.isArray(activity.attachments) ? (activity.attachments as unknown[]) : [])
      .filter((a): a is ChatAttachmentLike => typeof a === 'object' && a !== null)
      .map((a) => attachmentSource(a))
      .filter((s): s is AttachmentSource => Boolean(s));
    if (activity.value !== undefined && activity.value !== null && !files.length) {
      await this.onSubmit(turn, dc, activity.value);
    } else if (files.length) {
      await this.onFiles(turn, dc, files);
    } else if (text) {
      await this.onText(turn, dc, text);
    } else {
      await sendMenu(turn);
    }
  }

  /** The flow on top of the stack, with its state. */
  private top(dc: DialogContext): { flow: AnyFlow; state: FlowState } | undefined {
    const active = dc.activeDialog;
    if (!active) return undefined;
    const flow = this.dialogs.find(active.id) as AnyFlow | undefined;
    return flow ? { flow, state: active.state as FlowState } : undefined;
  }

  private async onSubmit(turn: Turn, dc: DialogContext, value: unknown): Promise<void> {
    const parsed = parseSubmit(value);
    if (!parsed.ok) {
      turn.deps.logger.warn({ reason: parsed.reason, verb: parsed.verb, detail: parsed.detail }, 'refused a card submission');
      await say(turn, parsed.reason === 'invalid' ? T.REFUSE_INVALID_CARD : T.REFUSE_UNKNOWN_CARD);
      await this.menuKeepingFlow(turn, dc);
      return;
    }
    const p = parsed.payload;
    turn.submit = p;
    if (isFlowBound(p)) await this.onFlowSubmit(turn, dc, p);
    else await this.onGlobal(turn, dc, p);
  }

  private async onFlowSubmit(turn: Turn, dc: DialogContext, p: FlowBoundPayload): Promise<void> {
    const index = dc.stack.findIndex((i) => (i.state as Partial<FlowState> | undefined)?.flowId === p.flow);
    if (index === -1) {
      await retireCard(turn.ctx, p.verb, turn.deps.logger, true);
      await this.onStale(turn, dc, p);
      return;
    }
    const top = this.top(dc);
    // The stack grows at the end: the active dialog is the last instance.
    if (index !== dc.stack.length - 1 || !top) {
      await say(turn, T.finishFirst(top?.flow.what ?? 'the current step'));
      await dc.repromptDialog();
      return;
    }
    if (p.verb !== 'flow.cancel' && p.step !== top.state.step) {
      await retireCard(turn.ctx, p.verb, turn.deps.logger, true);
      await say(turn, T.STALE_STEP);
      await dc.repromptDialog();
      return;
    }
    await retireCard(turn.ctx, p.verb, turn.deps.logger);
    setFlowInput(turn.ctx, { kind: 'submit', payload: p });
    await dc.continueDialog();
  }

  private async onStale(turn: Turn, dc: DialogContext, p: FlowBoundPayload): Promise<void> {
    const ended = await findEndedFlow(turn.ctx, p.flow);
    if (ended?.kind === 'file' && ended.outcome === 'submitted' && ended.caseNumber) {
      await say(turn, T.staleSubmitted(ended.caseNumber));
      await showCaseDetail(turn, ended.caseNumber);
      return;
    }
    await say(turn, ended?.outcome === 'cancelled' && ended.kind === 'file' ? T.STALE_CANCELLED : T.STALE_GENERIC);
    await this.menuKeepingFlow(turn, dc);
  }

  /** The menu; when a flow is open, its current card is sent again so it is easy to go on. */
  private async menuKeepingFlow(turn: Turn, dc: DialogContext): Promise<void> {
    const top = this.top(dc);
    if (top) {
      await say(turn, `${inProgress(top.flow.what)}: here is where you were. Or pick something else from the menu.`);
      await dc.repromptDialog();
    }
    await sendMenu(turn);
  }

  /** Ends every open flow (remembered as replaced) before something new starts. */
  private async replaceFlows(turn: Turn, dc: DialogContext): Promise<void> {
    for (const instance of dc.stack) {
      const flow = this.dialogs.find(instance.id) as AnyFlow | undefined;
      const state = instance.state as Partial<FlowState> | undefined;
      if (flow && state?.flowId) {
        await rememberEndedFlow(turn.ctx, { flowId: state.flowId, kind: flow.kind, outcome: 'replaced' });
        await flow.abandon(turn, state as FlowState);
      }
    }
    if (dc.stack.length) await dc.cancelAllDialogs();
  }

  private async begin(turn: Turn, dc: DialogContext, dialogId: string, options: object = {}): Promise<void> {
    await this.replaceFlows(turn, dc);
    await dc.beginDialog(dialogId, options);
  }

  private async onGlobal(turn: Turn, dc: DialogContext, p: Exclude<SubmitPayload, FlowBoundPayload>): Promise<void> {
    switch (p.verb) {
      case 'menu.main':
        return sendMenu(turn);
      case 'menu.help':
        return sendCard(turn, helpCard(turn.names));
      case 'menu.faq':
        return sendCard(turn, questionsCard(turn.names));
      case 'menu.human':
        return offerPerson(turn);
      case 'handoff.accept':
        return acceptPerson(turn);
      case 'handoff.decline':
        return declinePerson(turn);
      case 'handoff.end':
        return say(turn, T.NOT_WITH_A_PERSON);
      case 'history.delete':
        return deleteHistory(turn);
      case 'history.keep':
        return keepHistory(turn);
      case 'faq.ask':
        return this.answerQuestion(turn, dc, p.question);
      case 'menu.cases':
        return showCaseList(turn);
      case 'case.view':
        await showCaseDetail(turn, p.caseNumber);
        return;
      case 'menu.file':
        return this.begin(turn, dc, FILE_COMPLAINT_DIALOG);
      case 'menu.respond':
        return this.begin(turn, dc, RESPOND_DIALOG, {} satisfies RespondOptions);
      case 'case.respond':
        return this.begin(turn, dc, RESPOND_DIALOG, { caseNumber: p.caseNumber } satisfies RespondOptions);
      case 'case.cancel':
        return this.begin(turn, dc, CANCEL_CASE_DIALOG, { caseNumber: p.caseNumber });
      case 'case.evidence':
        return this.begin(turn, dc, ADD_EVIDENCE_DIALOG, { caseNumber: p.caseNumber });
    }
  }

  private async onFiles(turn: Turn, dc: DialogContext, files: AttachmentSource[]): Promise<void> {
    const top = this.top(dc);
    if (top?.flow.acceptsFiles(top.state)) {
      setFlowInput(turn.ctx, { kind: 'files', files });
      await dc.continueDialog();
      return;
    }
    await say(turn, T.FILES_NOT_EXPECTED);
    if (top) await dc.repromptDialog();
    else await sendMenu(turn);
  }

  private async onText(turn: Turn, dc: DialogContext, text: string): Promise<void> {
    const top = this.top(dc);
    if (top?.flow.acceptsText(turn, top.state, text)) {
      setFlowInput(turn.ctx, { kind: 'text', text });
      await dc.continueDialog();
      return;
    }
    const intent: Intent = detectIntent(text);
    switch (intent.kind) {
      case 'menu':
        return sendMenu(turn, undefined, T.welcomeIntro(turn.names));
      case 'help':
        return sendCard(turn, helpCard(turn.names));
      case 'questions':
        return sendCard(turn, questionsCard(turn.names));
      case 'human':
        return offerPerson(turn);
      case 'deleteHistory':
        return askDeleteHistory(turn);
      case 'cancelFlow':
        if (!top) {
          await say(turn, "There's nothing in progress to cancel. To cancel a complaint, type 'cancel' and its case number, or open it under My cases.");
          return;
        }
        await this.replaceFlows(turn, dc);
        await say(turn, 'OK, I stopped that. Nothing was sent.');
        return sendMenu(turn);
      case 'file':
        return this.begin(turn, dc, FILE_COMPLAINT_DIALOG);
      case 'respond':
        return this.begin(turn, dc, RESPOND_DIALOG, intent.caseNumber ? { caseNumber: intent.caseNumber } : {});
      case 'cases':
        return showCaseList(turn);
      case 'view':
        await showCaseDetail(turn, intent.caseNumber);
        return;
      case 'cancelCase':
        return this.begin(turn, dc, CANCEL_CASE_DIALOG, { caseNumber: intent.caseNumber });
      case 'none':
        return this.answerQuestion(turn, dc, text);
    }
  }

  private async answerQuestion(turn: Turn, dc: DialogContext, question: string): Promise<void> {
    const result = await turn.deps.faq.ask(question.slice(0, 500));
    const cards = turn.deps.faqCards ?? faqCards;
    if (result.kind === 'answer') {
      await sendCard(turn, cards.answer(result.match));
    } else if (result.kind === 'suggest' && cards.suggestions) {
      await sendCard(turn, cards.suggestions(result.suggestions));
    } else {
      await sendMenu(turn, undefined, T.FAQ_UNKNOWN);
      await noteFaqMiss(turn);
    }
    const top = this.top(dc);
    if (top) await say(turn, `${inProgress(top.flow.what)} — continue on its latest card whenever you're ready.`);
  }
}
