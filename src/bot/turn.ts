// Per-turn services shared by the router and the flows: the member behind the chat account, the
// user's time zone and the clock. Kept in turnState, never in memory between turns.
import type { TurnContext } from 'botbuilder';
import type { Member } from '../identity/types.js';
import type { ComplaintBotDeps } from './deps.js';
import type { Names } from './texts.js';
import type { SubmitPayload, FlowBoundPayload } from './cards/payloads.js';
import type { AttachmentSource } from '../evidence/index.js';

export interface Turn {
  ctx: TurnContext;
  deps: ComplaintBotDeps;
  names: Names;
  member: Member;
  timeZone?: string;
  now(): Date;
  /** The card submission being handled this turn, when there is one. */
  submit?: SubmitPayload;
}

export type FlowInput =
  | { kind: 'submit'; payload: FlowBoundPayload }
  | { kind: 'files'; files: AttachmentSource[] }
  | { kind: 'text'; text: string };

const TURN_KEY = Symbol('complaintBot.turn');
const INPUT_KEY = Symbol('complaintBot.flowInput');

export function setTurn(ctx: TurnContext, turn: Turn): void {
  ctx.turnState.set(TURN_KEY, turn);
}

export function getTurn(ctx: TurnContext): Turn {
  const t = ctx.turnState.get(TURN_KEY) as Turn | undefined;
  if (!t) throw new Error('turn services missing');
  return t;
}

export function setFlowInput(ctx: TurnContext, input: FlowInput | undefined): void {
  ctx.turnState.set(INPUT_KEY, input);
}

export function getFlowInput(ctx: TurnContext): FlowInput | undefined {
  return ctx.turnState.get(INPUT_KEY) as FlowInput | undefined;
}
