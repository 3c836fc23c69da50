// The ordered side of indexes: ranges and sorts answer exactly as without an index (ties in natural
// order, type bracketing, directions, compound prefixes, documents changing), and they are served by the
// index — a range or a sorted, limited read visits about as many documents as it returns, not the
// collection.
import { expect } from 'chai';
import { ObjectId, type Document } from 'bson';
import { candidates, findDocuments } from '../../src/embedded-mongo/query.js';
import { Catalog } from '../../src/embedded-mongo/storage/catalog.js';
import { useSuiteDb } from './helpers.js';

describe('embedded-mongo ordered indexes', () => {
  const s = useSuiteDb('ordered');

  it('answers ranges and sorts the same with and without indexes', async () => {
    const plain = s.db.collection<{ _id: number } & Document>('plain');
    const indexed = s.db.collection<{ _id: number } & Document>('indexed');
    await indexed.createIndex({ at: 1 });
    await indexed.createIndex({ n: -1 });
    await indexed.createIndex({ g: 1, n: 1 });
    await indexed.createIndex({ s: 1 }, { sparse: true });
    let seed = 11;
    const rnd = (k: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    const ids = Array.from({ length: 4 }, () => new ObjectId());
    const anyValue = (): unknown => [null, 0, 1, 2.5, -3, 'a', 'b', 'ab', true, false, new Date(1000), new Date(2000), ids[rnd(4)]][rnd(13)];
    const docs = Array.from({ length: 500 }, (_, i) => {
      const d: { _id: number } & Document = { _id: i };
      if (rnd(5)) d.at = rnd(4) ? new Date(Date.UTC(2026, 0, 1 + rnd(20))) : anyValue();
      if (rnd(4)) d.n = rnd(3) ? rnd(30) : anyValue();
      if (rnd(3)) d.g = rnd(3);
      if (rnd(2)) d.s = ['x', 'y', 'z'][rnd(3)];
      return d;
    });
    await plain.insertMany(docs);
    await indexed.insertMany(docs);
    const day = (k: number): Date => new Date(Date.UTC(2026, 0, k));
    const finds: Array<{ q: Document; sort?: Document; skip?: number; limit?: number }> = [
      { q: { at: { $lte: day(5) } } },
      { q: { at: { $gt: day(3), $lt: day(9) } }, sort: { at: 1 } },
      { q: { at: { $gte: day(10) } }, sort: { at: -1 }, limit: 7 },
      { q: {}, sort: { at: 1 } },
      { q: {}, sort: { at: -1 }, skip: 5, limit: 20 },
      { q: { n: { $gt: 10 } } },
      { q: { n: { $lt: 5 } }, sort: { n: -1 } },
      { q: { n: { $gte: 'a' } } },
      { q: { n: { $lte: 2 } }, sort: { n: 1 }, limit: 3 },
      { q: {}, sort: { n: 1 } },
      { q: { g: 1 }, sort: { n: 1 } },
      { q: { g: { $gte: 1 } }, sort: { g: 1, n: 1 } },
      { q: {}, sort: { g: -1, n: -1 }, limit: 50 },
      { q: { g: 2, n: { $gt: 3, $lte: 20 } } },
      { q: { s: { $gt: 'x' } } },
      { q: {}, sort: { s: 1 } },
      { q: { at: { $lte: day(8) }, n: { $gt: 4 } }, sort: { at: 1 }, limit: 10 },
      { q: { at: { $gt: new ObjectId('000000000000000000000000') } } },
    ];
    const check = async (): Promise<void> => {
      for (const f of finds) {
        const run = async (c: typeof plain): Promise<unknown[]> => {
          let cur = c.find(f.q);
          if (f.sort) cur = cur.sort(f.sort);
          if (f.skip) cur = cur.skip(f.skip);
          if (f.limit) cur = cur.limit(f.limit);
          return (await cur.toArray()).map((d) => d._id);
        };
        const expected = await run(plain);
        expect(await run(indexed), JSON.stringify(f)).to.deep.equal(expected);
      }
    };
    await check();
    for (const c of [plain, indexed]) {
      await c.updateMany({ g: 1 }, { $set: { at: day(4) } });
      await c.updateMany({ n: { $lt: 3 } }, { $inc: { n: 40 } });
      await c.deleteMany({ s: 'y' });
      await c.insertOne({ _id: 1000, at: day(4), n: 7, g: 1 });
    }
    await check();
  });

  it('serves a range and a sorted, limited read from the index instead of the whole collection', () => {
    const catalog = new Catalog();
    const coll = catalog.ensure('app', 'cases');
    coll.createIndex({ v: 2, key: { nextTimerAt: 1 }, name: 'next_timer' });
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 20_000; i++) coll.insert({ _id: `C-${i}`, state: i % 2 ? 'awaiting_respondent' : 'closed', nextTimerAt: new Date(base + ((i * 7919) % 20_000) * 60_000) });
    const at = (minute: number): Date => new Date(base + minute * 60_000);
    // Nothing is due yet.
    expect([...candidates(coll, { nextTimerAt: { $lt: at(0) } })]).to.have.length(0);
    let visited = 0;
    const byIdKey = coll.byIdKey.bind(coll);
    coll.byIdKey = (k) => {
      visited += 1;
      return byIdKey(k);
    };
    coll.docs.values = () => {
      throw new Error('scanned the whole collection');
    };

    const due = findDocuments(coll, { filter: { nextTimerAt: { $lte: at(999) }, state: 'awaiting_respondent' }, sort: { nextTimerAt: 1 }, limit: 100 });
    expect(due).to.have.length(100);
    expect(due.every((d, i) => i === 0 || (d.nextTimerAt as Date) >= (due[i - 1].nextTimerAt as Date))).to.equal(true);
    // Half the due cases are closed: about 200 visited for 100 returned, not 20 000.
    expect(visited).to.be.below(260);

    expect([...candidates(coll, { nextTimerAt: { $gte: at(100), $lt: at(150) } })]).to.have.length(50);
    coll.insert({ _id: 'late', state: 'awaiting_respondent', nextTimerAt: at(120) });
    coll.remove(coll.getById('C-0') as Document);
    expect([...candidates(coll, { nextTimerAt: { $gte: at(100), $lt: at(150) } })].map((d) => d._id)).to.include('late');
    expect(findDocuments(coll, { filter: { nextTimerAt: { $lte: at(-1) } }, sort: { nextTimerAt: 1 }, limit: 10 })).to.have.length(0);
  });
});
