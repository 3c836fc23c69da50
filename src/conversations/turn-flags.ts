// What a bot turn tells the transcript recorder, through the turn's own state (TurnContext.turnState):
// the member the turn belongs to (so the conversation is linked without a lookup), or that this turn is
// not to be stored at all (the turn that deleted the member's history).
import type { TranscriptLinks } from './transcript-store.js';

interface TurnStateHolder {
  turnState: Map<unknown, unknown>;
}

const LINKS = Symbol('transcript.links');
const SKIP = Symbol('transcript.skip');

export function linkTranscript(turn: TurnStateHolder, links: TranscriptLinks): void {
  turn.turnState.set(LINKS, { ...(turn.turnState.get(LINKS) as TranscriptLinks | undefined), ...links });
}

export function transcriptLinks(turn: TurnStateHolder): TranscriptLinks {
  return (turn.turnState.get(LINKS) as TranscriptLinks | undefined) ?? {};
}

export function skipTranscriptForTurn(turn: TurnStateHolder): void {
  turn.turnState.set(SKIP, true);
}

export function isTranscriptSkipped(turn: TurnStateHolder): boolean {
  return turn.turnState.get(SKIP) === true;
}
