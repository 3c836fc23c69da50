// Sweeping abandoned filing drafts: removeStale / removeAll remove files, chunks and slot counters
// through remove(), and leave recent drafts, other prefixes and real cases alone.
import { expect } from 'chai';
import { ObjectId, type Db } from 'mongodb';
import { testDb } from '../support/db.js';
import { EvidenceStore, type PutEvidenceInput } from '../../src/evidence/evidence-store.js';
import { pdf, png } from './fixtures.js';

function upload(caseNumber: string, name: string, data: Buffer): PutEvidenceInput {
  return { caseNumber, uploadedBy: 'complainant', uploaderId: 'm-buyer', name, data };
}

const DAY = 24 * 60 * 60_000;

describe('EvidenceStore.removeStale / removeAll', function () {
  this.timeout(60_000);
  let db: Db;
  let store: EvidenceStore;

  beforeEach(async () => {
    db = await testDb('evidence_stale');
    store = new EvidenceStore(db);
    await store.ensureIndexes();
  });

  /** Stores a file and backdates it by ageMs (uploadDate is set by GridFS at write time). */
  async function stored(caseNumber: string, name: string, data: Buffer, ageMs: number): Promise<string> {
    const { ref } = await store.put(upload(caseNumber, name, data));
    await db.collection('evidence.files').updateOne({ _id: new ObjectId(ref.fileId) }, { $set: { uploadDate: new Date(Date.now() - ageMs) } });
    return ref.fileId;
  }

  it('removes old drafts with their chunks and counters; recent drafts and real cases stay', async () => {
    const oldA1 = await stored('draft-aaaaaaaaaaaa', 'a1.pdf', pdf('a1'), 2 * DAY);
    const oldA2 = await stored('draft-aaaaaaaaaaaa', 'a2.png', png(2), 3 * DAY);
    const oldB = await stored('draft-bbbbbbbbbbbb', 'b.pdf', pdf('b'), 25 * 60 * 60_000);
    const recent = await stored('draft-cccccccccccc', 'c.pdf', pdf('c'), 60_000);
    // Same key, one old and one recent file: only the old one goes, the counter stays at 1.
    const mixedOld = await stored('draft-dddddddddddd', 'd1.pdf', pdf('d1'), 2 * DAY);
    const mixedNew = await stored('draft-dddddddddddd', 'd2.pdf', pdf('d2'), 0);
    // Real cases (and a key that only contains "draft-") are never touched, however old.
    const caseFile = await stored('C-2026-000001', 'case.pdf', pdf('case'), 30 * DAY);
    const notPrefixed = await stored('x-draft-eeeeeeeeeeee', 'x.pdf', pdf('x'), 30 * DAY);

    const cutoff = new Date(Date.now() - DAY);
    expect(await store.removeStale('draft-', cutoff)).to.equal(4);

    const files = db.collection('evidence.files');
    const chunks = db.collection('evidence.chunks');
    const left = (await files.find({}).toArray()).map((f) => f._id.toHexString()).sort();
    expect(left).to.deep.equal([recent, mixedNew, caseFile, notPrefixed].sort());
    // No orphan chunks: every chunk belongs to a file still stored.
    const chunkOwners = new Set((await chunks.find({}).toArray()).map((c) => String(c.files_id)));
    expect([...chunkOwners].sort()).to.deep.equal(left);
    for (const gone of [oldA1, oldA2, oldB, mixedOld]) expect(await chunks.countDocuments({ files_id: new ObjectId(gone) })).to.equal(0);

    // Counters: emptied draft keys are dropped, others hold what they store.
    const counters = db.collection<{ _id: string; count: number }>('evidence_counters');
    expect(await counters.findOne({ _id: 'draft-aaaaaaaaaaaa' })).to.equal(null);
    expect(await counters.findOne({ _id: 'draft-bbbbbbbbbbbb' })).to.equal(null);
    expect((await counters.findOne({ _id: 'draft-dddddddddddd' }))?.count).to.equal(1);
    expect((await counters.findOne({ _id: 'draft-cccccccccccc' }))?.count).to.equal(1);
    expect((await counters.findOne({ _id: 'C-2026-000001' }))?.count).to.equal(1);

    // A second run finds nothing; a swept key can be used again.
    expect(await store.removeStale('draft-', cutoff)).to.equal(0);
    const again = await store.put(upload('draft-aaaaaaaaaaaa', 'a1.pdf', pdf('a1')));
    expect(again.duplicate).to.equal(false);
    expect(await store.count('draft-aaaaaaaaaaaa')).to.equal(1);
  });

  it('treats the prefix literally (regex characters are escaped) and refuses an empty prefix', async () => {
    await stored('draft-aaaaaaaaaaaa', 'x.pdf', pdf('x'), 2 * DAY);
    await stored('d.aft-aaaaaaaaaaaa', 'y.pdf', pdf('y'), 2 * DAY);
    expect(await store.removeStale('d.aft-', new Date())).to.equal(1);
    expect(await store.count('draft-aaaaaaaaaaaa')).to.equal(1);
    const err = await store.removeStale('', new Date()).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
    expect(await store.count('draft-aaaaaaaaaaaa')).to.equal(1);
  });

  it('removeAll empties exactly one key, whatever the age', async () => {
    await stored('draft-ffffffffffff', 'f1.pdf', pdf('f1'), 0);
    await stored('draft-ffffffffffff', 'f2.pdf', pdf('f2'), 0);
    await stored('draft-ffffffffffffX', 'g.pdf', pdf('g'), 0);
    expect(await store.removeAll('draft-ffffffffffff')).to.equal(2);
    expect(await store.count('draft-ffffffffffff')).to.equal(0);
    expect(await store.count('draft-ffffffffffffX')).to.equal(1);
    expect(await db.collection<{ _id: string }>('evidence_counters').findOne({ _id: 'draft-ffffffffffff' })).to.equal(null);
  });
});
