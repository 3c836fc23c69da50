// A wider sweep of query, update and aggregation operators as applications use them.
import { expect } from 'chai';
import { Long, ObjectId, type Document } from 'mongodb';
import { useSuiteDb } from './helpers.js';

describe('embedded-mongo operators', () => {
  const s = useSuiteDb('ops');

  it('query operators: comparison, logical, element, array, regex, dates, nested paths', async () => {
    const c = s.db.collection<Document>('q');
    const t = new Date('2026-01-01T00:00:00Z');
    await c.insertMany([
      { key: 1, n: 1, s: 'apple', tags: ['a', 'b'], at: t, sub: { x: 1 }, arr: [{ k: 1, v: 'x' }, { k: 2, v: 'y' }] },
      { key: 2, n: 2, s: 'Banana', tags: ['b'], at: new Date(t.getTime() + 1000), sub: { x: 2 } },
      { key: 3, n: 3, s: 'cherry', tags: [], nul: null },
    ]);
    const ids = async (f: Document): Promise<unknown[]> => (await c.find(f).sort({ key: 1 }).toArray()).map((d) => d.key);
    expect(await ids({ n: { $gte: 2, $lt: 3 } })).to.deep.equal([2]);
    expect(await ids({ n: { $ne: 2 } })).to.deep.equal([1, 3]);
    expect(await ids({ n: { $nin: [1, 3] } })).to.deep.equal([2]);
    expect(await ids({ $or: [{ n: 1 }, { s: 'cherry' }] })).to.deep.equal([1, 3]);
    expect(await ids({ $nor: [{ n: 1 }, { n: 2 }] })).to.deep.equal([3]);
    expect(await ids({ n: { $not: { $gt: 1 } } })).to.deep.equal([1]);
    expect(await ids({ sub: { $exists: false } })).to.deep.equal([3]);
    expect(await ids({ nul: null })).to.deep.equal([1, 2, 3]);
    expect(await ids({ nul: { $type: 'null' } })).to.deep.equal([3]);
    expect(await ids({ tags: { $all: ['a', 'b'] } })).to.deep.equal([1]);
    expect(await ids({ tags: { $size: 0 } })).to.deep.equal([3]);
    expect(await ids({ arr: { $elemMatch: { k: 2, v: 'y' } } })).to.deep.equal([1]);
    expect(await ids({ 'arr.k': 2 })).to.deep.equal([1]);
    expect(await ids({ s: /^b/i })).to.deep.equal([2]);
    expect(await ids({ s: { $regex: 'err', $options: '' } })).to.deep.equal([3]);
    expect(await ids({ at: { $gt: t } })).to.deep.equal([2]);
    expect(await ids({ 'sub.x': { $in: [2, 5] } })).to.deep.equal([2]);
    expect(await ids({ $expr: { $gt: ['$n', 1] } })).to.deep.equal([2, 3]);
    const w = await c.find({ $where: 'this.n > 1' }).toArray().catch((e: unknown) => e);
    expect(w).to.be.instanceOf(Error);
  });

  it('update operators: $push with modifiers, $addToSet, $pull, $pop, $rename, $min/$max, $mul, $currentDate, $unset', async () => {
    const c = s.db.collection<{ key: number; list: number[]; set: string[]; n: number; m: number; old?: string; drop?: number; touched?: Date }>('u');
    await c.insertOne({ key: 1, list: [3, 1], set: ['a'], n: 10, old: 'v', m: 5, drop: 1 });
    await c.updateOne({ key: 1 }, { $push: { list: { $each: [5, 2], $sort: 1, $slice: 3 } } });
    await c.updateOne({ key: 1 }, { $addToSet: { set: { $each: ['a', 'b'] } } });
    await c.updateOne({ key: 1 }, { $pull: { list: { $gte: 3 } } });
    await c.updateOne({ key: 1 }, { $rename: { old: 'renamed' }, $min: { n: 7 }, $max: { m: 9 } });
    await c.updateOne({ key: 1 }, { $mul: { n: 2 } });
    const conflict = await c.updateOne({ key: 1 }, { $set: { n: 1 }, $inc: { n: 1 } }).catch((e: unknown) => e);
    expect((conflict as { code?: number }).code).to.equal(40);
    await c.updateOne({ key: 1 }, { $currentDate: { touched: true }, $unset: { drop: '' } });
    const d = await c.findOne({ key: 1 });
    expect(d).to.deep.include({ list: [1, 2], set: ['a', 'b'], renamed: 'v', m: 9, n: 14 });
    expect(d?.touched).to.be.instanceOf(Date);
    expect(d).to.not.have.property('drop');
    await c.updateOne({ key: 1 }, { $pop: { set: -1 } });
    expect((await c.findOne({ key: 1 }))?.set).to.deep.equal(['b']);
  });

  it('pipeline-style updates and upserts', async () => {
    const c = s.db.collection<Document>('p');
    await c.insertOne({ key: 1, a: 2, b: 3 });
    await c.updateOne({ key: 1 }, [{ $set: { total: { $add: ['$a', '$b'] } } }, { $unset: 'b' }]);
    expect(await c.findOne({ key: 1 }, { projection: { _id: 0 } })).to.deep.equal({ key: 1, a: 2, total: 5 });
    const r = await c.updateOne({ key: 2 }, [{ $set: { created: true } }], { upsert: true });
    expect(r.upsertedCount).to.equal(1);
    expect(await c.findOne({ key: 2 }, { projection: { _id: 0 } })).to.deep.equal({ key: 2, created: true });
  });

  it('aggregation stages: $unwind, $facet, $count, $sortByCount, $addFields, $project, $skip/$limit', async () => {
    const c = s.db.collection<Document>('a');
    await c.insertMany([
      { cat: 'x', tags: ['p', 'q'], v: 1 },
      { cat: 'y', tags: ['p'], v: 2 },
      { cat: 'x', tags: [], v: 3 },
    ]);
    const unwound = await c.aggregate([{ $unwind: '$tags' }, { $sortByCount: '$tags' }]).toArray();
    expect(unwound).to.deep.equal([{ _id: 'p', count: 2 }, { _id: 'q', count: 1 }]);
    const [facet] = await c
      .aggregate([{ $facet: { byCat: [{ $group: { _id: '$cat', n: { $sum: 1 } } }, { $sort: { _id: 1 } }], total: [{ $count: 'n' }] } }])
      .toArray();
    expect(facet).to.deep.equal({ byCat: [{ _id: 'x', n: 2 }, { _id: 'y', n: 1 }], total: [{ n: 3 }] });
    const paged = await c.aggregate([{ $sort: { v: -1 } }, { $skip: 1 }, { $limit: 1 }, { $addFields: { w: { $multiply: ['$v', 10] } } }, { $project: { _id: 0, w: 1 } }]).toArray();
    expect(paged).to.deep.equal([{ w: 20 }]);
    const many = s.db.collection<Document>('many');
    await many.insertMany(Array.from({ length: 300 }, (_, i) => ({ i })));
    const all = await many.aggregate([{ $match: { i: { $gte: 0 } } }, { $project: { _id: 0, i: 1 } }], { batchSize: 50 }).toArray();
    expect(all).to.have.length(300);
  });

  it('refuses change streams like a standalone server does', async () => {
    const stream = s.db.collection('s').watch();
    const err = await stream.tryNext().catch((e: unknown) => e);
    expect((err as { code?: number }).code).to.equal(40573);
    await stream.close();
  });

  it('sorts like MongoDB across types, through arrays, and with 64-bit Longs', async () => {
    const c = s.db.collection<Document>('s');
    const oid = new ObjectId('650000000000000000000000');
    await c.insertMany([
      { key: 'date', v: new Date(0) },
      { key: 'oid', v: oid },
      { key: 'bool', v: true },
      { key: 'str', v: 'a' },
      { key: 'num', v: 5 },
      { key: 'missing' },
      { key: 'null', v: null },
      { key: 'obj', v: { a: 1 } },
      { key: 'arr', v: [7, 2] }, // sorts as 2 ascending, as 7 descending
      { key: 'big', v: Long.fromString('9007199254740993') },
      { key: 'big2', v: Long.fromString('9007199254740995') },
    ]);
    const order = async (dir: 1 | -1): Promise<string[]> => (await c.find().sort({ v: dir, key: 1 }).toArray()).map((d) => d.key as string);
    expect(await order(1)).to.deep.equal(['missing', 'null', 'arr', 'num', 'big', 'big2', 'str', 'obj', 'oid', 'bool', 'date']);
    expect(await order(-1)).to.deep.equal(['date', 'bool', 'oid', 'obj', 'str', 'big2', 'big', 'arr', 'num', 'missing', 'null']);
  });
});
