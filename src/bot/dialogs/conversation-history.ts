// "Delete my conversation history": the member confirms on a card, then every stored transcript of
// theirs (all channels) is deleted. The confirming turn itself is not stored.
import { skipTranscriptForTurn } from '../../conversations/turn-flags.js';
import { confirmCard } from '../cards/case-cards.js';
import * as T from '../texts.js';
import type { Turn } from '../turn.js';
import { say, sendCard } from './common.js';

export async function askDeleteHistory(turn: Turn): Promise<void> {
  if (!turn.deps.transcripts) return say(turn, T.HISTORY_NOT_KEPT);
  await sendCard(
    turn,
    confirmCard({
      title: T.HISTORY_DELETE_TITLE,
      text: T.HISTORY_DELETE_TEXT,
      confirmTitle: T.HISTORY_DELETE_YES,
      confirmData: { verb: 'history.delete' },
      keepTitle: T.HISTORY_DELETE_NO,
      keepData: { verb: 'history.keep' },
    }),
  );
}

export async function deleteHistory(turn: Turn): Promise<void> {
  const store = turn.deps.transcripts;
  if (!store) return say(turn, T.HISTORY_NOT_KEPT);
  const count = await store.deleteMemberHistory(turn.member._id);
  skipTranscriptForTurn(turn.ctx);
  turn.deps.logger.info({ memberId: turn.member._id, conversations: count }, 'member deleted their conversation history');
  await say(turn, T.HISTORY_DELETED);
}

export function keepHistory(turn: Turn): Promise<void> {
  return say(turn, T.HISTORY_KEPT);
}
