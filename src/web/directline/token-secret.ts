// The key that signs web chat tokens. DIRECT_LINE_TOKEN_SECRET wins; without it a random key is
// created once and kept in MongoDB, so every instance on the same database shares it and tokens
// and users' identities survive restarts (a per-process key would sign users out on each restart
// and make instances refuse each other's tokens).
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';

interface SettingDoc {
  _id: string;
  value: string;
  createdAt: Date;
}

export const SETTINGS_COLLECTION = 'directline_settings';
const KEY_ID = 'token-signing-key';

export async function resolveTokenSecret(db: Db, configured: string | undefined): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  const settings = db.collection<SettingDoc>(SETTINGS_COLLECTION);
  const candidate = randomBytes(32).toString('base64url');
  // Insert-if-absent in one atomic upsert: racing instances all end up with the first one's key.
  await settings.updateOne(
    { _id: KEY_ID },
    { $setOnInsert: { value: candidate, createdAt: new Date() } },
    { upsert: true },
  );
  const doc = await settings.findOne({ _id: KEY_ID });
  if (!doc?.value) throw new Error('could not read the stored web chat token key');
  return new TextEncoder().encode(doc.value);
}
