// Pure rules for the activities the local Direct Line stores and forwards. Facts from Web Chat:
// every activity needs `id`, `timestamp` and `from.role`; the user's own activity must come back
// with its `channelData.clientActivityID`, or Web Chat reports "Send failed".

export interface Account {
  id: string;
  name?: string;
  role: 'user' | 'bot';
}

export interface DirectLineActivity {
  type: string;
  id?: string;
  timestamp?: string;
  from?: Account;
  recipient?: Account;
  conversation?: { id: string };
  channelId?: string;
  serviceUrl?: string;
  replyToId?: string;
  channelData?: Record<string, unknown>;
  [key: string]: unknown;
}

export const CHANNEL_ID = 'directline';

export class BadActivity extends Error {}

/** Fields the server owns: whatever the sender wrote there is replaced. */
const SERVER_FIELDS = ['id', 'timestamp', 'from', 'recipient', 'conversation', 'channelId', 'serviceUrl', 'callerId'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function strip(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (!SERVER_FIELDS.includes(key)) out[key] = value;
  return out;
}

/**
 * Deepest nesting an activity may have. Cards stay far below it; MongoDB refuses documents nested
 * past 100 levels and very deep values overflow the stack on the way to the store.
 */
export const MAX_ACTIVITY_DEPTH = 64;

/** Whether `value` has objects or arrays nested more than `limit` levels (iterative: no stack to overflow). */
function deeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length) {
    const [v, depth] = pending.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) pending.push([child, depth + 1]);
  }
  return false;
}

function checkedType(raw: unknown): Record<string, unknown> & { type: string } {
  if (!isObject(raw)) throw new BadActivity('the activity must be a JSON object');
  if (deeperThan(raw, MAX_ACTIVITY_DEPTH)) throw new BadActivity(`the activity is nested more than ${MAX_ACTIVITY_DEPTH} levels deep`);
  const { type } = raw;
  if (typeof type !== 'string' || !/^[A-Za-z][A-Za-z/]{0,63}$/.test(type)) throw new BadActivity('the activity needs a valid "type"');
  if (raw.channelData !== undefined && !isObject(raw.channelData)) throw new BadActivity('"channelData" must be an object');
  return raw as Record<string, unknown> & { type: string };
}

function displayName(from: unknown): string | undefined {
  if (!isObject(from) || typeof from.name !== 'string') return undefined;
  const name = from.name.trim().slice(0, 100);
  return name || undefined;
}

export interface ConversationContext {
  conversationId: string;
  user: Account;
  bot: Account;
  serviceUrl: string;
}

/**
 * A client's activity as stored (the echo) and sent to the bot. The sender is always the
 * token's user, whatever `from.id` the client wrote.
 */
export function userActivityFromClient(raw: unknown, ctx: ConversationContext): DirectLineActivity {
  const activity = checkedType(raw);
  const name = displayName(activity.from) ?? ctx.user.name;
  return {
    ...strip(activity),
    type: activity.type,
    from: { id: ctx.user.id, ...(name ? { name } : {}), role: 'user' },
    recipient: ctx.bot,
    conversation: { id: ctx.conversationId },
    channelId: CHANNEL_ID,
    serviceUrl: ctx.serviceUrl,
  };
}

/** A bot's activity received on the connector routes, as stored for the client. */
export function botActivityFromConnector(
  raw: unknown,
  ctx: { conversationId: string; bot: Account; replyToId?: string },
): DirectLineActivity {
  const activity = checkedType(raw);
  const from = isObject(activity.from) && typeof activity.from.id === 'string' && activity.from.id
    ? { id: activity.from.id, ...(displayName(activity.from) ? { name: displayName(activity.from) } : {}), role: 'bot' as const }
    : ctx.bot;
  const recipient = isObject(activity.recipient) && typeof activity.recipient.id === 'string'
    ? { id: activity.recipient.id, role: 'user' as const }
    : undefined;
  return {
    ...strip(activity),
    type: activity.type,
    from,
    ...(recipient ? { recipient } : {}),
    conversation: { id: ctx.conversationId },
    channelId: CHANNEL_ID,
    ...(ctx.replyToId ? { replyToId: ctx.replyToId } : {}),
  };
}

/** What the bot receives when a conversation starts: the bot and the user joined. */
export function conversationStarted(ctx: ConversationContext & { locale?: string; id: string; timestamp: string }): DirectLineActivity {
  return {
    type: 'conversationUpdate',
    id: ctx.id,
    timestamp: ctx.timestamp,
    membersAdded: [ctx.bot, ctx.user],
    from: ctx.user,
    recipient: ctx.bot,
    conversation: { id: ctx.conversationId },
    channelId: CHANNEL_ID,
    serviceUrl: ctx.serviceUrl,
    ...(ctx.locale ? { locale: ctx.locale } : {}),
  };
}

/** Whether Web Chat should see a bot activity: trace activities are for the Emulator only. */
export const isDeliverable = (activity: DirectLineActivity): boolean => activity.type !== 'trace';
