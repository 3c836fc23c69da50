// The support team's Teams channel for alerts (new case, deadline missed). Stored as a
// ConversationReference in the `settings` collection so every instance sees the same one.
// To set it: in the support channel, a staff command handler calls
// setSupportChannel(db, TurnContext.getConversationReference(context.activity)); clearSupportChannel removes it.
import type { ConversationReference } from 'botbuilder';
import type { Db } from 'mongodb';

export const SETTINGS_COLLECTION = 'settings';
const KEY = 'supportChannel';

interface SettingDoc {
  _id: string;
  reference: Partial<ConversationReference>;
  updatedAt: Date;
  updatedBy?: string;
}

export async function setSupportChannel(db: Db, reference: Partial<ConversationReference>, updatedBy?: string): Promise<void> {
  if (!reference.serviceUrl || !reference.conversation?.id) throw new Error('a channel reference needs serviceUrl and conversation.id');
  // A Teams channel message's conversation id ends in ";messageid=…" (its thread): without it each alert
  // starts a new post in the channel instead of replying in that thread.
  const conversationId = reference.conversation.id.replace(/;messageid=[^;]*$/, '');
  const { activityId: _thread, ...rest } = reference;
  reference = { ...rest, conversation: { ...reference.conversation, id: conversationId } };
  await db
    .collection<SettingDoc>(SETTINGS_COLLECTION)
    .updateOne({ _id: KEY }, { $set: { reference, updatedAt: new Date(), ...(updatedBy ? { updatedBy } : {}) } }, { upsert: true });
}

export async function getSupportChannel(db: Db): Promise<Partial<ConversationReference> | null> {
  const doc = await db.collection<SettingDoc>(SETTINGS_COLLECTION).findOne({ _id: KEY });
  return doc?.reference ?? null;
}

export async function clearSupportChannel(db: Db): Promise<void> {
  await db.collection<SettingDoc>(SETTINGS_COLLECTION).deleteOne({ _id: KEY });
}
