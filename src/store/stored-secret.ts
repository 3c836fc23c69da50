// Keys the app signs with (web chat tokens, evidence links). A configured value wins; without one a
// random key is created once and kept in MongoDB, so every instance on the same database shares it
// and what was signed survives restarts (a per-process key would make instances refuse each other).
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';

interface SecretDoc {
  _id: string;
  value: string;
  createdAt: Date;
}

export async function resolveStoredSecret(db: Db, collection: string, id: string, configured?: string): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  const secrets = db.collection<SecretDoc>(collection);
  const candidate = randomBytes(32).toString('base64url');
  // Insert-if-absent in one atomic upsert: racing instances all end up with the first one's key.
  await secrets.updateOne({ _id: id }, { $setOnInsert: { value: candidate, createdAt: new Date() } }, { upsert: true });
  const doc = await secrets.findOne({ _id: id });
  if (!doc?.value) throw new Error(`could not read the stored key ${id}`);
  return new TextEncoder().encode(doc.value);
}
