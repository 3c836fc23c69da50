// Cursors: getMore batches, Long ids, killCursors, size-capped batches and idle expiry.
import { expect } from 'chai';
import { Long, MongoServerError } from 'mongodb';
import { startHarness, uniqueName, useSuiteDb } from './helpers.js';

describe('embedded-mongo cursors', () => {
  const s = useSuiteDb('cursors');

  it('iterates 250 documents in batches of 10 through getMore', async () => {
    const c = s.db.collection('many');
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    const seen: number[] = [];
    for await (const d of c.find({}, { batchSize: 10 }).sort({ i: 1 })) seen.push(d.i as number);
    expect(seen).to.deep.equal(Array.from({ length: 250 }, (_, i) => i));
  });

  it('answers find/getMore with Long cursor ids (0 when exhausted) and kills cursors', async () => {
    const c = s.db.collection('many');
    await c.insertMany(Array.from({ length: 30 }, (_, i) => ({ i })));
    const first = await s.db.command({ find: 'many', batchSize: 10 });
    expect(first.cursor.id).to.be.instanceOf(Long);
    expect(first.cursor.firstBatch).to.have.length(10);
    const id = first.cursor.id as Long;
    expect(id.isZero()).to.equal(false);
    const more = await s.db.command({ getMore: id, collection: 'many', batchSize: 10 });
    expect(more.cursor.nextBatch).to.have.length(10);
    const killed = await s.db.command({ killCursors: 'many', cursors: [id] });
    expect(killed.cursorsKilled.map(String)).to.deep.equal([id.toString()]);
    const gone = await s.db.command({ getMore: id, collection: 'many' }).catch((e: unknown) => e);
    expect((gone as MongoServerError).code).to.equal(43);
    // The driver promotes the int64 0 to a JS number on its side; what matters is that it is 0.
    const all = await s.db.command({ find: 'many' });
    expect(String(all.cursor.id)).to.equal('0');
    expect(all.cursor.firstBatch).to.have.length(30);
  });

  it('closes cursors through the driver (killCursors) when a loop stops early', async () => {
    const c = s.db.collection('many');
    await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
    const cursor = c.find({}, { batchSize: 5 });
    await cursor.next();
    const id = cursor.id;
    expect(id).to.be.instanceOf(Long);
    await cursor.close();
    const gone = await s.db.command({ getMore: id, collection: 'many' }).catch((e: unknown) => e);
    expect((gone as MongoServerError).code).to.equal(43);
  });

  it('caps a batch at about 16 MiB whatever the batch size', async () => {
    const c = s.db.collection('big');
    const payload = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 40; i++) await c.insertOne({ i, payload });
    const first = await s.db.command({ find: 'big', batchSize: 1000 });
    expect(first.cursor.firstBatch.length).to.be.within(1, 16);
    let total = first.cursor.firstBatch.length;
    let id = first.cursor.id as Long;
    while (String(id) !== '0') {
      const more = await s.db.command({ getMore: id, collection: 'big' });
      expect(more.cursor.nextBatch.length).to.be.within(1, 16);
      total += more.cursor.nextBatch.length;
      id = more.cursor.id as Long;
    }
    expect(total).to.equal(40);
    expect(await c.countDocuments()).to.equal(40);
  });

  it('keeps a snapshot: documents changed after the first batch come back as they were', async () => {
    const c = s.db.collection<{ _id: number; v: string }>('snap');
    await c.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i, v: 'old' })));
    const first = await s.db.command({ find: 'snap', batchSize: 2 });
    await c.updateMany({}, { $set: { v: 'new' } });
    const more = await s.db.command({ getMore: first.cursor.id, collection: 'snap' });
    expect(more.cursor.nextBatch.every((d: { v: string }) => d.v === 'old')).to.equal(true);
    expect((await c.findOne({ _id: 9 }))?.v).to.equal('new');
  });

  it('expires idle cursors', async () => {
    const short = await startHarness({ cursorTimeoutMs: 300 });
    try {
      const sdb = short.client.db(uniqueName('cursors'));
      await sdb.collection('many').insertMany(Array.from({ length: 20 }, (_, i) => ({ i })));
      const first = await sdb.command({ find: 'many', batchSize: 5 });
      const used = await sdb.command({ getMore: first.cursor.id, collection: 'many', batchSize: 5 });
      expect(used.cursor.nextBatch).to.have.length(5);
      await new Promise((r) => setTimeout(r, 800));
      // The sweep runs on an interval; a getMore after the timeout must not find the cursor.
      const e = await sdb.command({ getMore: first.cursor.id, collection: 'many' }).catch((x: unknown) => x);
      expect((e as MongoServerError).code).to.equal(43);
    } finally {
      await short.close();
    }
  });
});
