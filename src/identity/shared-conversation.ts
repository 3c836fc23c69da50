// Where a member can be told about its cases: only personal chats. In a Teams channel or group chat
// everyone there would read the case cards and the notifications.

/** The parts of a Bot Framework ConversationAccount this reads. */
export interface ConversationLike {
  isGroup?: unknown;
  conversationType?: unknown;
}

/** True for a channel or group chat (isGroup, conversationType channel/groupChat); personal and web chats are not. */
export function isSharedConversation(conversation: ConversationLike | undefined | null): boolean {
  return conversation?.isGroup === true || conversation?.conversationType === 'channel' || conversation?.conversationType === 'groupChat';
}
