// The last few flows that ended in this conversation, so a click on one of their cards gets a precise
// answer ("already submitted as C-…") instead of a generic one.
import type { TurnContext } from 'botbuilder';
import { getTurn } from '../turn.js';

export type FlowKind = 'file' | 'verify' | 'respond' | 'cancel' | 'evidence';
export type FlowOutcome = 'submitted' | 'cancelled' | 'done' | 'replaced' | 'redirected';

export interface EndedFlow {
  flowId: string;
  kind: FlowKind;
  outcome: FlowOutcome;
  caseNumber?: string;
}

interface FlowMemory {
  ended: EndedFlow[];
}

const KEEP = 20;
export const FLOW_MEMORY_PROPERTY = 'flowMemory';

async function memory(ctx: TurnContext): Promise<FlowMemory> {
  const accessor = getTurn(ctx).deps.conversationState.createProperty<FlowMemory>(FLOW_MEMORY_PROPERTY);
  return accessor.get(ctx, { ended: [] });
}

export async function rememberEndedFlow(ctx: TurnContext, flow: EndedFlow): Promise<void> {
  const m = await memory(ctx);
  const clean: EndedFlow = { flowId: flow.flowId, kind: flow.kind, outcome: flow.outcome };
  if (flow.caseNumber) clean.caseNumber = flow.caseNumber;
  m.ended = [clean, ...m.ended.filter((f) => f.flowId !== flow.flowId)].slice(0, KEEP);
}

export async function findEndedFlow(ctx: TurnContext, flowId: string): Promise<EndedFlow | undefined> {
  return (await memory(ctx)).ended.find((f) => f.flowId === flowId);
}
