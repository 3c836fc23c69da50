// Identifiers of the local Direct Line. Conversation and upload ids double as capabilities
// (an upload's URL is fetched without a token), so they are long and random.
import { randomBytes } from 'node:crypto';

const random = (bytes: number): string => randomBytes(bytes).toString('base64url');

export const newConversationId = (): string => `dl-${random(18)}`;

/** Web chat user ids start with `dl_`, which Direct Line reserves for ids bound into a token. */
export const newUserId = (): string => `dl_${random(16)}`;

export const newUploadId = (): string => random(32);

/** Activity ids follow Azure's shape: the conversation id and a zero-padded watermark. */
export const activityIdFor = (conversationId: string, seq: number): string =>
  `${conversationId}|${String(seq).padStart(7, '0')}`;

export const CONVERSATION_ID = /^dl-[A-Za-z0-9_-]{24}$/;
export const UPLOAD_ID = /^[A-Za-z0-9_-]{43}$/;
/** What a client may propose as its user id when it starts a conversation without a token. */
export const CLIENT_USER_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;

/** Ids of the `dl_` form are bound into tokens by this server; clients never choose them. */
export const isReservedUserId = (userId: string): boolean => /^dl_/i.test(userId);
