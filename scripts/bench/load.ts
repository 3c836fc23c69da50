// The load generator shared by the benchmarks: one turn is a POST of an activity to a bot's /api/messages,
// timed until the last reply it caused reached the reply sink (CloudAdapter answers the POST once the
// turn, replies included, is done).
import { performance } from 'node:perf_hooks';
import type { ReplySink, SinkReply } from './reply-sink.js';

export const TURN_TIMEOUT_MS = 30_000;

export interface TurnResult {
  ms: number;
  replies: SinkReply[];
}

let seq = 0;

/** One turn; throws with a readable message when the bot failed to answer. */
export async function postTurn(botUrl: string, sink: ReplySink, conversation: string, userId: string, fields: Record<string, unknown>): Promise<TurnResult> {
  const id = `t-${process.pid}-${++seq}`;
  const activity = {
    id,
    channelId: 'bench',
    serviceUrl: sink.url,
    timestamp: new Date().toISOString(),
    from: { id: userId, name: `Bench User ${userId}` },
    recipient: { id: 'bot', name: 'Complaint Center' },
    conversation: { id: conversation, conversationType: 'personal' },
    ...fields,
  };
  const t0 = performance.now();
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
    signal: AbortSignal.timeout(TURN_TIMEOUT_MS),
  });
  await res.arrayBuffer();
  if (res.status < 200 || res.status > 299) throw new Error(`POST /api/messages answered HTTP ${res.status}`);
  const replies = sink.repliesTo(id);
  if (!replies.length) throw new Error(`the bot sent no reply to ${JSON.stringify(fields.text ?? fields.value ?? fields.type)}`);
  return { ms: replies[replies.length - 1].at - t0, replies };
}
