// Indexes: unique (single, compound, sparse), 11000 errors as the driver expects them, ordered and
// unordered batches, listIndexes/dropIndexes, and lookups that don't scan big collections.
import { expect } from 'chai';
import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { useSuiteDb } from './helpers.js';

describe('embedded-mongo indexes', () => {
  const s = useSuiteDb('idx');

  it('insertOne on a duplicate key throws MongoServerError 11000 with keyPattern and keyValue', async () => {
    const c = s.db.collection('users');
    expect(await c.createIndex({ email: 1 }, { unique: true })).to.equal('email_1');
    await c.insertOne({ email: 'a@x' });
    const e = await c.insertOne({ email: 'a@x' }).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(MongoServerError);
    const err = e as MongoServerError;
    expect(err.code).to.equal(11000);
    expect(err.keyPattern).to.deep.equal({ email: 1 });
    expect(err.keyValue).to.deep.equal({ email: 'a@x' });
    expect(err.message).to.match(/E11000 duplicate key error collection: .*users index: email_1/);
    const dupId = await c.insertOne({ _id: (await c.findOne())?._id, email: 'b@x' }).catch((x: unknown) => x);
    expect((dupId as MongoServerError).code).to.equal(11000);
    expect((dupId as MongoServerError).keyPattern).to.deep.equal({ _id: 1 });
  });

  it('insertMany: ordered stops at the first duplicate (MongoBulkWriteError), unordered goes on', async () => {
    const c = s.db.collection('users');
    await c.createIndex({ email: 1 }, { unique: true });
    const e = await c.insertMany([{ email: 'a' }, { email: 'a' }, { email: 'b' }]).catch((x: unknown) => x);
    expect(e).to.be.instanceOf(MongoBulkWriteError);
    const bulk = e as MongoBulkWriteError;
    expect(bulk.code).to.equal(11000);
    expect(bulk.insertedCount).to.equal(1);
    expect(bulk.writeErrors).to.satisfy((w: unknown) => (Array.isArray(w) ? w.length === 1 : true));
    expect(await c.countDocuments()).to.equal(1);
    const e2 = await c.insertMany([{ email: 'a' }, { email: 'c' }, { email: 'c' }, { email: 'd' }], { ordered: false }).catch((x: unknown) => x);
    expect(e2).to.be.instanceOf(MongoBulkWriteError);
    expect((e2 as MongoBulkWriteError).insertedCount).to.equal(2);
    expect((await c.find().toArray()).map((d) => d.email).sort()).to.deep.equal(['a', 'c', 'd']);
  });

  it('enforces compound unique indexes and reports every field', async () => {
    const c = s.db.collection('members');
    await c.createIndex({ org: 1, user: 1 }, { unique: true, name: 'org_user' });
    await c.insertMany([{ org: 1, user: 'a' }, { org: 1, user: 'b' }, { org: 2, user: 'a' }]);
    const e = await c.insertOne({ org: 1, user: 'a', extra: true }).catch((x: unknown) => x);
    expect((e as MongoServerError).code).to.equal(11000);
    expect((e as MongoServerError).keyPattern).to.deep.equal({ org: 1, user: 1 });
    expect((e as MongoServerError).keyValue).to.deep.equal({ org: 1, user: 'a' });
    // Updates that would collide fail too, and leave the document as it was.
    const u = await c.updateOne({ org: 2 }, { $set: { org: 1 } }).catch((x: unknown) => x);
    expect((u as MongoServerError).code).to.equal(11000);
    expect(await c.countDocuments({ org: 2 })).to.equal(1);
    const up = await c.updateOne({ org: 1, user: 'b' }, { $set: { user: 'c' } });
    expect(up.modifiedCount).to.equal(1);
    await c.insertOne({ org: 1, user: 'b' });
  });

  it('treats missing fields as null unless the index is sparse', async () => {
    const plain = s.db.collection('plain');
    await plain.createIndex({ code: 1 }, { unique: true });
    await plain.insertOne({ a: 1 });
    expect(((await plain.insertOne({ a: 2 }).catch((x: unknown) => x)) as MongoServerError).code).to.equal(11000);
    const sparse = s.db.collection('sparse');
    await sparse.createIndex({ code: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ a: 1 }, { a: 2 }, { code: 'x' }]);
    expect(((await sparse.insertOne({ code: 'x' }).catch((x: unknown) => x)) as MongoServerError).code).to.equal(11000);
  });

  it('refuses to build a unique index over duplicates, lists and drops indexes', async () => {
    const c = s.db.collection('d');
    await c.insertMany([{ k: 1 }, { k: 1 }]);
    const e = await c.createIndex({ k: 1 }, { unique: true }).catch((x: unknown) => x);
    expect((e as MongoServerError).code).to.equal(11000);
    await c.createIndex({ k: 1 });
    await c.createIndex({ k: 1 }); // idempotent
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    const list = await c.listIndexes().toArray();
    expect(list.map((i) => i.name)).to.deep.equal(['_id_', 'k_1', 'at_1']);
    expect(list[2].expireAfterSeconds).to.equal(3600);
    const conflict = await c.createIndex({ k: 1 }, { unique: true }).catch((x: unknown) => x);
    expect(conflict).to.be.instanceOf(MongoServerError);
    await c.dropIndex('k_1');
    expect((await c.indexes()).map((i) => i.name)).to.deep.equal(['_id_', 'at_1']);
    const missing = await c.dropIndex('nope').catch((x: unknown) => x);
    expect((missing as MongoServerError).code).to.equal(27);
    await c.dropIndexes();
    expect((await c.indexes()).map((i) => i.name)).to.deep.equal(['_id_']);
    const none = await s.db.collection('none').listIndexes().toArray().catch((x: unknown) => x);
    expect((none as MongoServerError).code).to.equal(26);
  });

  it('finds by _id and by indexed equality without scanning a large collection', async function () {
    this.timeout(60_000);
    const c = s.db.collection<{ _id: number; ref: string; group: number; pad: string }>('large');
    await c.createIndex({ ref: 1 }, { unique: true });
    await c.createIndex({ group: 1 });
    const docs = Array.from({ length: 50_000 }, (_, i) => ({ _id: i, ref: `r${i}`, group: i % 1000, pad: 'p'.repeat(50) }));
    for (let i = 0; i < docs.length; i += 10_000) await c.insertMany(docs.slice(i, i + 10_000));
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) {
      const d = await c.findOne({ ref: `r${(i * 37) % 50_000}` });
      expect(d?._id).to.equal((i * 37) % 50_000);
    }
    for (let i = 0; i < 2000; i++) await c.findOne({ _id: (i * 41) % 50_000 });
    for (let i = 0; i < 200; i++) expect(await c.countDocuments({ group: i })).to.equal(50);
    const ms = performance.now() - t0;
    // 4200 queries take about a second; a full scan each would take tens of seconds.
    expect(ms).to.be.below(15_000);
  });

  it('answers the same with and without indexes (random documents and queries)', async () => {
    const plain = s.db.collection('plain');
    const indexed = s.db.collection('indexed');
    await indexed.createIndex({ a: 1 });
    await indexed.createIndex({ b: 1, c: 1 });
    await indexed.createIndex({ 'n.x': 1 });
    await indexed.createIndex({ tags: 1 });
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = (): unknown => [null, 1, 2, 'x', 'y', true, [1, 2], { k: 1 }][rnd(8)];
    const docs = Array.from({ length: 400 }, (_, i) => {
      const d: Record<string, unknown> = { _id: i };
      if (rnd(4)) d.a = pick();
      if (rnd(3)) d.b = rnd(3);
      if (rnd(3)) d.c = pick();
      if (rnd(2)) d.n = rnd(2) ? { x: pick() } : [{ x: pick() }, { x: pick() }];
      if (rnd(2)) d.tags = ['x', 'y', 'z'].slice(rnd(3));
      return d;
    });
    await plain.insertMany(docs);
    await indexed.insertMany(docs);
    const queries: Record<string, unknown>[] = [
      { a: 1 }, { a: null }, { a: [1, 2] }, { a: { k: 1 } }, { a: { $in: [1, 'x', null] } }, { a: { $eq: true } },
      { b: 1 }, { b: 2, c: 'x' }, { b: { $in: [0, 1] }, c: { $in: [1, null] } }, { b: 0, c: { $gt: 0 } },
      { 'n.x': 2 }, { 'n.x': null }, { tags: 'y' }, { tags: ['y', 'z'] }, { $and: [{ b: 1 }, { a: 1 }] },
      { _id: { $in: [3, 5, 999] } }, { _id: 7, a: 1 }, { a: 1, $or: [{ b: 1 }, { b: 2 }] },
    ];
    for (const q of queries) {
      const expected = (await plain.find(q).toArray()).map((d) => d._id);
      const actual = (await indexed.find(q).toArray()).map((d) => d._id);
      expect(actual, JSON.stringify(q)).to.deep.equal(expected);
    }
    await indexed.updateMany({ b: 1 }, { $set: { a: 'moved' } });
    await plain.updateMany({ b: 1 }, { $set: { a: 'moved' } });
    await indexed.deleteMany({ c: 'y' });
    await plain.deleteMany({ c: 'y' });
    for (const q of [{ a: 'moved' }, { a: 1 }, { b: 1, c: 1 }, { c: 'y' }]) {
      expect((await indexed.find(q).toArray()).map((d) => d._id), JSON.stringify(q)).to.deep.equal((await plain.find(q).toArray()).map((d) => d._id));
    }
  });

  it('a multi-update stopped by a duplicate key reports what it changed before the error', async () => {
    const c = s.db.collection('ranks');
    await c.createIndex({ rank: 1 }, { unique: true });
    await c.insertMany([{ rank: 1 }, { rank: 2 }, { rank: 3 }]);
    const reply = await s.db.command({ update: 'ranks', updates: [{ q: {}, u: { $set: { rank: 9 } }, multi: true }] });
    expect(reply).to.include({ n: 1, nModified: 1 });
    expect(reply.writeErrors[0]).to.include({ index: 0, code: 11000 });
    expect((await c.find().sort({ rank: 1 }).toArray()).map((d) => d.rank)).to.deep.equal([2, 3, 9]);
  });
});
