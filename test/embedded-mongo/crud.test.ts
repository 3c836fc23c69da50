// CRUD through the official driver: inserts, queries, updates (operators, upserts, replacement,
// positional), deletes, findOneAnd*, counts, distinct and aggregation.
import { expect } from 'chai';
import { Decimal128, Long, MongoClient, MongoServerError, ObjectId } from 'mongodb';
import { useSuiteDb } from './helpers.js';

interface Item {
  _id?: ObjectId | number | string;
  name?: string;
  qty?: number;
  tags?: string[];
  items?: { k: string; v: number }[];
  touched?: boolean;
  meta?: { kind: string };
  created?: string;
  price?: Decimal128;
  top?: boolean;
  x?: number;
}

describe('embedded-mongo CRUD', () => {
  const s = useSuiteDb('crud');

  it('inserts, finds with filter, sort, skip, limit and projection', async () => {
    const c = s.db.collection<Item>('items');
    const r = await c.insertMany([{ name: 'b', qty: 2 }, { name: 'a', qty: 5 }, { name: 'c', qty: 1, tags: ['x'] }]);
    expect(r.insertedCount).to.equal(3);
    expect(Object.values(r.insertedIds).every((id) => id instanceof ObjectId)).to.equal(true);
    const one = await c.insertOne({ _id: 42, name: 'd', qty: 9 });
    expect(one.insertedId).to.equal(42);
    expect((await c.find({ qty: { $gte: 2 } }).sort({ qty: -1 }).toArray()).map((d) => d.name)).to.deep.equal(['d', 'a', 'b']);
    expect((await c.find().sort({ name: 1 }).skip(1).limit(2).toArray()).map((d) => d.name)).to.deep.equal(['b', 'c']);
    const projected = await c.findOne({ name: 'a' }, { projection: { _id: 0, qty: 1 } });
    expect(projected).to.deep.equal({ qty: 5 });
    expect(await c.findOne({ _id: 42 })).to.deep.include({ name: 'd' });
    expect(await c.findOne({ tags: 'x' })).to.deep.include({ name: 'c' });
    expect(await c.findOne({ name: 'zzz' })).to.equal(null);
    expect(await c.find({ _id: { $in: [42, 43] } }).toArray()).to.have.length(1);
  });

  it('updates with operators, arrayFilters, positional $ and reports matched/modified', async () => {
    const c = s.db.collection<Item>('items');
    await c.insertMany([
      { _id: 1, qty: 1, items: [{ k: 'a', v: 1 }, { k: 'b', v: 2 }] },
      { _id: 2, qty: 1, items: [{ k: 'a', v: 3 }] },
    ]);
    const many = await c.updateMany({ qty: 1 }, { $inc: { qty: 1 }, $set: { touched: true } });
    expect([many.matchedCount, many.modifiedCount]).to.deep.equal([2, 2]);
    const noop = await c.updateOne({ _id: 1 }, { $set: { qty: 2 } });
    expect([noop.matchedCount, noop.modifiedCount]).to.deep.equal([1, 0]);
    await c.updateOne({ _id: 1 }, { $set: { 'items.$[el].v': 10 } }, { arrayFilters: [{ 'el.k': 'b' }] });
    await c.updateOne({ _id: 1, 'items.k': 'a' }, { $set: { 'items.$.v': 7 } });
    expect((await c.findOne({ _id: 1 }))?.items).to.deep.equal([{ k: 'a', v: 7 }, { k: 'b', v: 10 }]);
    await c.updateOne({ _id: 2 }, { $push: { tags: 'new' }, $unset: { touched: '' } });
    const two = await c.findOne({ _id: 2 });
    expect(two?.tags).to.deep.equal(['new']);
    expect(two).to.not.have.property('touched');
  });

  it('upserts: seeds from the filter, applies $setOnInsert only on insert, returns the new _id', async () => {
    const c = s.db.collection<Item>('items');
    const r1 = await c.updateOne({ name: 'x', 'meta.kind': 'k' }, { $set: { qty: 1 }, $setOnInsert: { created: 'yes' } }, { upsert: true });
    expect(r1.upsertedCount).to.equal(1);
    expect(r1.upsertedId).to.be.instanceOf(ObjectId);
    const doc = await c.findOne({ _id: r1.upsertedId as ObjectId });
    expect(doc).to.deep.include({ name: 'x', meta: { kind: 'k' }, qty: 1, created: 'yes' });
    const r2 = await c.updateOne({ name: 'x' }, { $set: { qty: 2 }, $setOnInsert: { created: 'again' } }, { upsert: true });
    expect([r2.matchedCount, r2.upsertedCount]).to.deep.equal([1, 0]);
    expect(await c.findOne({ name: 'x' })).to.deep.include({ qty: 2, created: 'yes' });
    const r3 = await c.updateOne({ _id: 'custom' }, { $inc: { qty: 3 } }, { upsert: true });
    expect(r3.upsertedId).to.equal('custom');
    expect(await c.findOne({ _id: 'custom' })).to.deep.equal({ _id: 'custom', qty: 3 });
  });

  it('replaces documents keeping _id, and refuses to change _id (code 66)', async () => {
    const c = s.db.collection<Item>('items');
    await c.insertOne({ _id: 1, name: 'a', qty: 1 });
    const r = await c.replaceOne({ _id: 1 }, { name: 'b' });
    expect(r.modifiedCount).to.equal(1);
    expect(await c.findOne({ _id: 1 })).to.deep.equal({ _id: 1, name: 'b' });
    const e1 = await c.updateOne({ _id: 1 }, { $set: { _id: 2 } }).catch((e: unknown) => e);
    expect(e1).to.be.instanceOf(MongoServerError);
    expect((e1 as MongoServerError).code).to.equal(66);
    const e2 = await s.db.collection<{ _id: number }>('items').replaceOne({ _id: 1 }, { _id: 3, name: 'c' }).catch((e: unknown) => e);
    expect((e2 as MongoServerError).code).to.equal(66);
    const up = await c.replaceOne({ _id: 5 }, { name: 'z' }, { upsert: true });
    expect(up.upsertedId).to.equal(5);
  });

  it('refuses what it cannot compute instead of silently doing nothing', async () => {
    const c = s.db.collection<Item>('items');
    await c.insertOne({ _id: 1, name: 'a', price: Decimal128.fromString('1.10') });
    const e1 = await s.db.collection<{ _id: number; name?: number }>('items').updateOne({ _id: 1 }, { $inc: { name: 1 } }).catch((e: unknown) => e);
    expect((e1 as MongoServerError).code).to.equal(14);
    const e2 = await c.updateOne({ _id: 1 }, { $inc: { price: 1 } }).catch((e: unknown) => e);
    expect(e2).to.be.instanceOf(MongoServerError);
    expect((e2 as MongoServerError).message).to.match(/Decimal128/);
    const e3 = await c.find({ price: { $gt: Decimal128.fromString('1') } }).toArray().catch((e: unknown) => e);
    expect(e3).to.be.instanceOf(MongoServerError);
    const e4 = await c.updateOne({ _id: 1 }, { $frobnicate: { a: 1 } } as never).catch((e: unknown) => e);
    expect((e4 as MongoServerError).code).to.equal(9);
    // Equality on Decimal128 is exact and supported.
    expect(await c.findOne({ price: Decimal128.fromString('1.10') })).to.not.equal(null);
    const e5 = await c.aggregate([{ $group: { _id: null, total: { $sum: '$price' } } }]).toArray().catch((e: unknown) => e);
    expect((e5 as MongoServerError).code).to.equal(238);
    const e6 = await c.find().sort({ price: 1 }).toArray().catch((e: unknown) => e);
    expect((e6 as MongoServerError).code).to.equal(238);
    // Counting documents that hold such values is fine.
    expect(await c.countDocuments({})).to.equal(1);
  });

  it('deletes one or many', async () => {
    const c = s.db.collection<Item>('items');
    await c.insertMany([{ qty: 1 }, { qty: 1 }, { qty: 2 }]);
    expect((await c.deleteOne({ qty: 1 })).deletedCount).to.equal(1);
    expect((await c.deleteMany({})).deletedCount).to.equal(2);
    expect(await c.countDocuments()).to.equal(0);
  });

  it('findOneAndUpdate/Replace/Delete return the document or null (driver 7)', async () => {
    const c = s.db.collection<Item>('items');
    await c.insertMany([{ _id: 1, qty: 1 }, { _id: 2, qty: 5 }]);
    const before = await c.findOneAndUpdate({ _id: 1 }, { $inc: { qty: 1 } });
    expect(before).to.deep.equal({ _id: 1, qty: 1 });
    const after = await c.findOneAndUpdate({ _id: 1 }, { $inc: { qty: 1 } }, { returnDocument: 'after', projection: { qty: 1, _id: 0 } });
    expect(after).to.deep.equal({ qty: 3 });
    expect(await c.findOneAndUpdate({ _id: 99 }, { $set: { qty: 0 } })).to.equal(null);
    const upserted = await c.findOneAndUpdate({ _id: 7 }, { $set: { qty: 7 } }, { upsert: true, returnDocument: 'after' });
    expect(upserted).to.deep.equal({ _id: 7, qty: 7 });
    const top = await c.findOneAndUpdate({}, { $set: { top: true } }, { sort: { qty: -1 }, returnDocument: 'after' });
    expect(top?._id).to.equal(7);
    expect(await c.findOneAndReplace({ _id: 2 }, { qty: 50 }, { returnDocument: 'after' })).to.deep.equal({ _id: 2, qty: 50 });
    expect(await c.findOneAndDelete({ _id: 2 })).to.deep.equal({ _id: 2, qty: 50 });
    expect(await c.findOneAndDelete({ _id: 2 })).to.equal(null);
    const full = await c.findOneAndUpdate({ _id: 1 }, { $set: { x: 1 } }, { includeResultMetadata: true });
    expect(full.ok).to.equal(1);
    expect(full.lastErrorObject?.updatedExisting).to.equal(true);
  });

  it('counts (countDocuments uses aggregate $match/$group), estimates, distinct', async () => {
    const c = s.db.collection<Item>('items');
    expect(await c.countDocuments()).to.equal(0);
    await c.insertMany([{ qty: 1, tags: ['a', 'b'] }, { qty: 2, tags: ['b'] }, { qty: 3 }]);
    expect(await c.countDocuments({ qty: { $gt: 1 } })).to.equal(2);
    expect(await c.countDocuments({}, { skip: 1, limit: 1 })).to.equal(1);
    expect(await c.estimatedDocumentCount()).to.equal(3);
    expect((await c.distinct('tags')).sort()).to.deep.equal(['a', 'b']);
    expect((await c.distinct('qty', { qty: { $lt: 3 } })).sort()).to.deep.equal([1, 2]);
  });

  it('aggregates with $group, $sort, $lookup and $out', async () => {
    const orders = s.db.collection('orders');
    const people = s.db.collection<{ _id: number; name: string }>('people');
    await people.insertMany([{ _id: 1, name: 'Ann' }, { _id: 2, name: 'Bo' }]);
    await orders.insertMany([{ who: 1, amount: 5 }, { who: 1, amount: 7 }, { who: 2, amount: 1 }]);
    const totals = await orders
      .aggregate([
        { $group: { _id: '$who', total: { $sum: '$amount' } } },
        { $sort: { total: -1 } },
        { $lookup: { from: 'people', localField: '_id', foreignField: '_id', as: 'person' } },
        { $project: { _id: 0, total: 1, name: { $first: '$person.name' } } },
      ])
      .toArray();
    expect(totals).to.deep.equal([{ total: 12, name: 'Ann' }, { total: 1, name: 'Bo' }]);
    await orders.aggregate([{ $match: { who: 1 } }, { $out: 'ann_orders' }]).toArray();
    expect(await s.db.collection('ann_orders').countDocuments()).to.equal(2);
  });

  it('bulkWrite mixes operations', async () => {
    const c = s.db.collection<Item>('items');
    const r = await c.bulkWrite([
      { insertOne: { document: { _id: 1, qty: 1 } } },
      { updateOne: { filter: { _id: 1 }, update: { $inc: { qty: 1 } } } },
      { updateOne: { filter: { _id: 2 }, update: { $set: { qty: 9 } }, upsert: true } },
      { deleteOne: { filter: { _id: 1 } } },
    ]);
    expect([r.insertedCount, r.modifiedCount, r.upsertedCount, r.deletedCount]).to.deep.equal([1, 1, 1, 1]);
  });

  it('manages collections and databases', async () => {
    await s.db.createCollection('a');
    const e = await s.db.createCollection('a').catch((x: unknown) => x);
    expect((e as MongoServerError).code).to.equal(48);
    await s.db.collection('b').insertOne({ x: 1 });
    expect((await s.db.listCollections().toArray()).map((c) => c.name).sort()).to.deep.equal(['a', 'b']);
    expect((await s.db.listCollections({ name: 'b' }, { nameOnly: true }).toArray()).map((c) => c.name)).to.deep.equal(['b']);
    expect(await s.db.collection('a').drop()).to.equal(true);
    const dbs = await s.h.client.db('admin').admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).to.include(s.db.databaseName);
    expect(await s.db.dropDatabase()).to.equal(true);
    expect(await s.db.listCollections().toArray()).to.deep.equal([]);
  });

  it('answers unknown commands with 59 and transactions with 20', async () => {
    const e1 = await s.db.command({ frobnicate: 1 }).catch((x: unknown) => x);
    expect((e1 as MongoServerError).code).to.equal(59);
    const session = s.h.client.startSession();
    try {
      session.startTransaction();
      const e2 = await s.db.collection('t').insertOne({ a: 1 }, { session }).catch((x: unknown) => x);
      // The driver wraps the server's code 20 in its "does not support retryable writes" error,
      // exactly as against a real standalone mongod.
      expect(e2).to.be.instanceOf(MongoServerError);
      const original = (e2 as MongoServerError & { originalError?: MongoServerError }).originalError;
      expect(original?.code ?? (e2 as MongoServerError).code).to.equal(20);
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    const e3 = await s.db.command({ insert: 't', documents: [{ a: 1 }], txnNumber: Long.fromNumber(1) }).catch((x: unknown) => x);
    expect((e3 as MongoServerError).code).to.equal(20);
    expect((await s.db.command({ ping: 1 })).ok).to.equal(1);
    const info = await s.db.admin().buildInfo();
    expect(info.version).to.match(/^\d+\.\d+/);
  });

  it('renames collections, reports stats, reverses natural order', async () => {
    const a = s.db.collection('a');
    await a.createIndex({ k: 1 }, { unique: true });
    await a.insertMany([{ k: 1 }, { k: 2 }, { k: 3 }]);
    const b = await a.rename('b');
    expect(b.collectionName).to.equal('b');
    expect((await s.db.listCollections().toArray()).map((c) => c.name)).to.deep.equal(['b']);
    expect((await b.indexes()).map((i) => i.name)).to.deep.equal(['_id_', 'k_1']);
    expect((await b.find().sort({ $natural: -1 }).toArray()).map((d) => d.k)).to.deep.equal([3, 2, 1]);
    const stats = await s.db.stats();
    expect(stats).to.include({ collections: 1, objects: 3 });
  });

  it('refuses options it would otherwise ignore: collation, tailable cursors, validators', async () => {
    const c = s.db.collection('x');
    await c.insertOne({ name: 'A' });
    const e1 = await c.find({ name: 'a' }, { collation: { locale: 'en', strength: 2 } }).toArray().catch((e: unknown) => e);
    expect((e1 as MongoServerError).code).to.equal(238);
    const e2 = await c.updateOne({ name: 'a' }, { $set: { x: 1 } }, { collation: { locale: 'en', strength: 2 } }).catch((e: unknown) => e);
    expect((e2 as MongoServerError).code).to.equal(238);
    const e3 = await s.db.createCollection('v', { validator: { name: { $type: 'string' } } }).catch((e: unknown) => e);
    expect((e3 as MongoServerError).code).to.equal(238);
    const e4 = await s.db.command({ find: 'x', tailable: true }).catch((e: unknown) => e);
    expect((e4 as MongoServerError).code).to.equal(238);
    expect(await c.countDocuments({ name: 'A' }, { collation: { locale: 'simple' } })).to.equal(1);
  });

  it('keeps single-document updates atomic under concurrent clients', async () => {
    const other = new MongoClient(s.h.server.uri, { maxPoolSize: 10 });
    await other.connect();
    try {
      const name = s.db.databaseName;
      const counters = [s.h.client, other].map((cl) => cl.db(name).collection<{ _id: string; seq: number }>('counters'));
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => counters[i % 2].findOneAndUpdate({ _id: 'case' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })),
      );
      const seqs = results.map((d) => d?.seq).sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(seqs).to.deep.equal(Array.from({ length: 60 }, (_, i) => i + 1));
    } finally {
      await other.close();
    }
  });
});
