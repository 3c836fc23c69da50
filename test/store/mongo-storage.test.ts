// The Storage contract, as botbuilder's MemoryStorage behaves, run against MemoryStorage itself
// (so the expectations are checked against the reference) and against MongoStorage on the test DB.
import { expect } from 'chai';
import { MemoryStorage, type Storage } from 'botbuilder';
import { MongoStorage, BOT_STATE_COLLECTION, ensureBotStateIndexes } from '../../src/store/mongo-storage.js';
import { testDb } from '../support/db.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

const implementations: Array<[string, () => Promise<Storage>]> = [
  ['MemoryStorage (reference)', async () => new MemoryStorage()],
  ['MongoStorage', async () => new MongoStorage(await testDb('storage'))],
];

for (const [name, make] of implementations) {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await make();
    });

    it('reads nothing for missing keys and an empty key list', async () => {
      expect(await storage.read(['missing'])).to.deep.equal({});
      expect(await storage.read([])).to.deep.equal({});
    });

    it('returns what was written, with a new eTag, only for the keys that exist', async () => {
      await storage.write({ a: { count: 1, nested: { list: [1, 'x'] } }, b: { name: 'B' } });
      const items = await storage.read(['a', 'b', 'c']);
      expect(Object.keys(items).sort()).to.deep.equal(['a', 'b']);
      expect(items.a.count).to.equal(1);
      expect(items.a.nested).to.deep.equal({ list: [1, 'x'] });
      expect(items.a.eTag).to.be.a('string').and.not.equal('');
      expect(items.b.eTag).to.be.a('string').and.not.equal(items.a.eTag);
    });

    it('round-trips through JSON like MemoryStorage (Dates come back as ISO strings)', async () => {
      const at = new Date('2026-01-02T03:04:05.000Z');
      await storage.write({ k: { at, gone: undefined, 'dotted.key': 1, $dollar: 2 } });
      const { k } = await storage.read(['k']);
      expect(k.at).to.equal(at.toISOString());
      expect(k).to.not.have.property('gone');
      expect(k['dotted.key']).to.equal(1);
      expect(k.$dollar).to.equal(2);
    });

    it('does not change the object passed to write', async () => {
      const item = { v: 1, eTag: '*' };
      await storage.write({ k: item });
      expect(item).to.deep.equal({ v: 1, eTag: '*' });
    });

    it('gives every write a new eTag', async () => {
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k'])).k.eTag;
      await storage.write({ k: { v: 2 } });
      const second = (await storage.read(['k'])).k;
      expect(second.v).to.equal(2);
      expect(second.eTag).to.not.equal(first);
    });

    it('accepts a write carrying the current eTag', async () => {
      await storage.write({ k: { v: 1 } });
      const current = (await storage.read(['k'])).k;
      await storage.write({ k: { ...current, v: 2 } });
      expect((await storage.read(['k'])).k.v).to.equal(2);
    });

    it('rejects a write carrying a stale eTag and keeps the stored item', async () => {
      await storage.write({ k: { v: 1 } });
      const stale = (await storage.read(['k'])).k;
      await storage.write({ k: { ...stale, v: 2 } });
      const err = await rejection(storage.write({ k: { ...stale, v: 3 } }));
      expect(err.message).to.equal('Storage: error writing "k" due to eTag conflict.');
      expect((await storage.read(['k'])).k.v).to.equal(2);
    });

    it('overwrites with eTag "*" or without an eTag whatever is stored', async () => {
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 2, eTag: '*' } });
      expect((await storage.read(['k'])).k.v).to.equal(2);
      await storage.write({ k: { v: 3 } });
      expect((await storage.read(['k'])).k.v).to.equal(3);
    });

    it('creates an item written with an eTag when nothing is stored under the key', async () => {
      await storage.write({ k: { v: 1, eTag: 'from-elsewhere' } });
      const k = (await storage.read(['k'])).k;
      expect(k.v).to.equal(1);
      expect(k.eTag).to.not.equal('from-elsewhere');
    });

    it('deletes keys; deleting missing keys is no error', async () => {
      await storage.write({ a: { v: 1 }, b: { v: 2 } });
      await storage.delete(['a', 'missing']);
      expect(Object.keys(await storage.read(['a', 'b']))).to.deep.equal(['b']);
    });

    it('lets exactly one of two writers holding the same eTag win', async () => {
      await storage.write({ k: { v: 0 } });
      const read = (await storage.read(['k'])).k;
      const results = await Promise.allSettled([
        storage.write({ k: { ...read, v: 1 } }),
        storage.write({ k: { ...read, v: 2 } }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      expect(results.filter((r) => r.status === 'rejected')).to.have.length(1);
    });

    it('refuses a missing key list or change set', async () => {
      expect(await rejection(storage.read(undefined as unknown as string[]))).to.be.instanceOf(ReferenceError);
      expect(await rejection(storage.write(undefined as unknown as Record<string, unknown>))).to.be.instanceOf(ReferenceError);
    });
  });
}

describe('MongoStorage in MongoDB', () => {
  it('keeps one document per key with its eTag, and creates its index idempotently', async () => {
    const db = await testDb('storage_doc');
    const storage = new MongoStorage(db, { clock: () => new Date('2026-03-01T00:00:00Z') });
    await storage.write({ 'msteams/conversations/19:abc': { v: 1 } });
    const docs = await db.collection(BOT_STATE_COLLECTION).find().toArray();
    expect(docs).to.have.length(1);
    expect(docs[0]._id).to.equal('msteams/conversations/19:abc');
    expect(docs[0].updatedAt).to.deep.equal(new Date('2026-03-01T00:00:00Z'));
    await ensureBotStateIndexes(db);
    await ensureBotStateIndexes(db);
    const names = (await db.collection(BOT_STATE_COLLECTION).indexes()).map((i) => i.name);
    expect(names).to.include('updatedAt_1');
  });

  it('shares state between two instances on the same database (eTags are checked across them)', async () => {
    const db = await testDb('storage_two');
    const one = new MongoStorage(db);
    const two = new MongoStorage(db);
    await one.write({ k: { v: 1 } });
    const seen = (await two.read(['k'])).k;
    await one.write({ k: { ...seen, v: 2 } });
    const err = await rejection(two.write({ k: { ...seen, v: 3 } }));
    expect(err.message).to.contain('eTag conflict');
  });
});
