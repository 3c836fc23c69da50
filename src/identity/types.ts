// Who the bot talks to: a member of the marketplace and the chat accounts it uses. Cases refer to
// members; identity knows nothing of cases.

/** A chat account seen by the bot: enough to recognise a user and to message them proactively. */
export interface ChatAccount {
  channelId: string;
  userId: string;
  /** Bot Framework ConversationReference (Partial<ConversationReference>) for proactive messages. */
  reference?: Record<string, unknown>;
  /** false once the channel answered 403/404 for this reference: use email instead. */
  active?: boolean;
  timeZone?: string;
  lastSeenAt?: Date;
}

export interface Member {
  _id: string;
  name?: string;
  company?: string;
  email?: string;
  emailVerified: boolean;
  timeZone?: string;
  accounts: ChatAccount[];
  createdAt: Date;
  updatedAt: Date;
}
