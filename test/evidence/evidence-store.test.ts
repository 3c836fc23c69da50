// EvidenceStore against a real server through the official driver (GridFS, unique index,
// guarded counter): the embedded server by default, a real MongoDB with MONGODB_URI.
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { ObjectId, type Db } from 'mongodb';
import { testDb } from '../support/db.js';
import { EvidenceStore, type PutEvidenceInput } from '../../src/evidence/evidence-store.js';
import { EvidenceNotFoundError, EvidenceRejectedError } from '../../src/evidence/errors.js';
import { MB } from '../../src/evidence/limits.js';
import { buildZip, collect, docx, exe, jpg, pdf, png } from './fixtures.js';
import { refusedWith } from './refused-with.js';

function upload(caseNumber: string, name: string, data: Buffer | Readable, extra: Partial<PutEvidenceInput> = {}): PutEvidenceInput {
  return { caseNumber, uploadedBy: 'complainant', uploaderId: 'm-buyer', name, data, ...extra };
}

describe('EvidenceStore (GridFS)', function () {
  this.timeout(60_000);
  let db: Db;
  let store: EvidenceStore;

  before(async () => {
    db = await testDb('evidence');
    store = new EvidenceStore(db);
    await store.ensureIndexes();
  });

  it('stores a file streamed in, typed from its bytes, and gives it back', async () => {
    const bytes = png(1);
    const { ref, duplicate } = await store.put(upload('C-2026-000001', 'screenshot.jpeg', Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]), { declaredType: 'image/jpeg' }));
    expect(duplicate).to.equal(false);
    // Named .jpeg but a PNG: listed under the name of what it is.
    expect(ref).to.include({ name: 'screenshot.png', size: bytes.length, mime: 'image/png', uploadedBy: 'complainant' });
    expect(ref.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(ref.uploadedAt).to.be.instanceOf(Date);
    expect(Object.keys(ref).sort()).to.deep.equal(['fileId', 'mime', 'name', 'sha256', 'size', 'uploadedAt', 'uploadedBy']);

    const listed = await store.list('C-2026-000001');
    expect(listed).to.have.length(1);
    expect(listed[0]).to.include({ fileId: ref.fileId, caseNumber: 'C-2026-000001', uploaderId: 'm-buyer', kind: 'png', declaredType: 'image/jpeg' });

    const { stream, evidence } = await store.open(ref.fileId);
    expect((await collect(stream)).equals(bytes)).to.equal(true);
    expect(evidence.mime).to.equal('image/png');
    const files = await db.collection('evidence.files').countDocuments();
    expect(files).to.equal(1);
  });

  it('keeps the listing of a zip (how many files, the first names) on its record, for both parties to see', async () => {
    const entries = Array.from({ length: 23 }, (_, i) => ({ name: `photos/IMG_${String(i).padStart(3, '0')}.png`, data: png(100 + i) }));
    const { ref } = await store.put(upload('C-2026-000077', 'photos.zip', await buildZip(entries)));
    expect(ref.contents?.total).to.equal(23);
    expect(ref.contents?.names).to.have.length(20);
    expect(ref.contents?.names[0]).to.equal('IMG_000.png');
    expect((await store.get(ref.fileId)).contents).to.deep.equal(ref.contents);
    const plain = await store.put(upload('C-2026-000077', 'a.pdf', pdf('listing')));
    expect(plain.ref.contents).to.equal(undefined);
  });

  it('lists a file under the name of what it is, without invisible characters; refuses an image with a zip appended', async () => {
    const exeNamed = await store.put(upload('C-2026-000030', 'report.exe', pdf('report')));
    expect(exeNamed.ref.name).to.equal('report.pdf');
    const bidi = await store.put(upload('C-2026-000030', 'invoice\u202Efdp.exe', pdf('invoice')));
    expect(bidi.ref.name).to.equal('invoicefdp.pdf');
    const zeroWidth = await store.put(upload('C-2026-000030', 'pho\u200bto\u2060.JPG\ufeff', png(30)));
    expect(zeroWidth.ref.name).to.equal('photo.png');
    expect((await store.put(upload('C-2026-000030', 'scan', png(31)))).ref.name).to.equal('scan.png');
    expect((await store.put(upload('C-2026-000030', 'photo.jpeg', jpg()))).ref.name).to.equal('photo.jpeg');

    const polyglot = Buffer.concat([png(32), await buildZip([{ name: 'payload.exe', data: exe() }])]);
    const message = await refusedWith(store.put(upload('C-2026-000030', 'cute.png', polyglot)), 'type_not_allowed');
    expect(message).to.include('zip archive is hidden');
    expect((await store.list('C-2026-000030')).map((f) => f.name)).to.not.include('cute.png');
  });

  it('answers "not found" for another case, a bad id or an unknown id', async () => {
    const { ref } = await store.put(upload('C-2026-000002', 'label.pdf', pdf('label')));
    expect((await store.get(ref.fileId, { caseNumber: 'C-2026-000002' })).name).to.equal('label.pdf');
    for (const attempt of [
      () => store.open(ref.fileId, { caseNumber: 'C-2026-000001' }),
      () => store.open('not-an-id'),
      () => store.open('0123456789abcdef01234567'),
      () => store.zipEntries(ref.fileId, { caseNumber: 'C-2026-999999' }),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).to.be.instanceOf(EvidenceNotFoundError);
    }
  });

  it('refuses a program named .pdf and stores nothing', async () => {
    const msg = await refusedWith(store.put(upload('C-2026-000003', 'invoice.pdf', exe())), 'type_not_allowed');
    expect(msg).to.include('Allowed types:');
    expect(await store.count('C-2026-000003')).to.equal(0);
  });

  it('refuses a file over 10 MB while streaming, and an empty file', async () => {
    let produced = 0;
    const big = new Readable({
      read() {
        produced += MB;
        this.push(produced > 30 * MB ? null : Buffer.alloc(MB, 1));
      },
    });
    const msg = await refusedWith(store.put(upload('C-2026-000004', 'huge.pdf', big)), 'too_large');
    expect(msg).to.include('10 MB');
    expect(produced).to.be.at.most(13 * MB);
    await refusedWith(store.put(upload('C-2026-000004', 'empty.txt', Buffer.alloc(0))), 'empty');
    expect(await store.count('C-2026-000004')).to.equal(0);
  });

  it('accepts exactly 10 MB', async () => {
    const exact = Buffer.concat([pdf('big'), Buffer.alloc(10 * MB - pdf('big').length, 0x20)]);
    const { ref } = await store.put(upload('C-2026-000005', 'scan.pdf', exact));
    expect(ref.size).to.equal(10 * MB);
    const back = await collect((await store.open(ref.fileId)).stream);
    expect(back.length).to.equal(10 * MB);
  });

  it('stores the same file once per case (same sha256), but separately for another case', async () => {
    const first = await store.put(upload('C-2026-000006', 'contract.pdf', pdf('contract')));
    const again = await store.put(upload('C-2026-000006', 'contract (copy).pdf', pdf('contract'), { uploadedBy: 'respondent', uploaderId: 'm-seller' }));
    expect(again.duplicate).to.equal(true);
    expect(again.ref).to.deep.equal(first.ref);
    expect(await store.count('C-2026-000006')).to.equal(1);
    const other = await store.put(upload('C-2026-000007', 'contract.pdf', pdf('contract')));
    expect(other.duplicate).to.equal(false);
    expect(other.ref.fileId).not.to.equal(first.ref.fileId);
  });

  it('refuses the 21st file of a case, but still answers a duplicate of a stored one', async () => {
    const c = 'C-2026-000008';
    for (let i = 0; i < 20; i++) await store.put(upload(c, `photo${i}.png`, png(1000 + i)));
    const msg = await refusedWith(store.put(upload(c, 'photo20.png', png(1020))), 'too_many_files');
    expect(msg).to.include('20 files').and.include('zip');
    expect(await store.count(c)).to.equal(20);
    const dup = await store.put(upload(c, 'photo3 again.png', png(1003)));
    expect(dup.duplicate).to.equal(true);
  });

  it('never lets parallel uploads pass the per-case limit', async () => {
    const c = 'C-2026-000009';
    const results = await Promise.allSettled(Array.from({ length: 26 }, (_, i) => store.put(upload(c, `p${i}.png`, png(2000 + i)))));
    const stored = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(stored).to.have.length(20);
    expect(refused).to.have.length(6);
    for (const r of refused) expect((r.reason as EvidenceRejectedError).reason).to.equal('too_many_files');
    expect(await store.count(c)).to.equal(20);
    expect((await db.collection('evidence_counters').findOne({ _id: c as never }))?.count).to.equal(20);
  });

  it('turns parallel uploads of the same file into one stored file, releasing the other slots', async () => {
    const c = 'C-2026-000010';
    const bytes = Buffer.concat([pdf('race'), Buffer.alloc(600 * 1024, 0x20)]); // several GridFS chunks
    const results = await Promise.all(Array.from({ length: 6 }, () => store.put(upload(c, 'race.pdf', bytes))));
    const ids = new Set(results.map((r) => r.ref.fileId));
    expect(ids.size).to.equal(1);
    expect(results.filter((r) => !r.duplicate)).to.have.length(1);
    expect(await store.count(c)).to.equal(1);
    expect((await db.collection('evidence_counters').findOne({ _id: c as never }))?.count).to.equal(1);
    // No orphaned chunks from the losers.
    const [fileId] = [...ids];
    const chunks = await db.collection('evidence.chunks').find({}, { projection: { files_id: 1 } }).toArray();
    const ownChunks = chunks.filter((ch) => String(ch.files_id) === fileId).length;
    const orphans = await db
      .collection('evidence.chunks')
      .countDocuments({ files_id: { $nin: (await db.collection('evidence.files').find({}, { projection: { _id: 1 } }).toArray()).map((f) => f._id) } });
    expect(ownChunks).to.equal(Math.ceil(bytes.length / (255 * 1024)));
    expect(orphans).to.equal(0);
  });

  it('keeps the count exact after refusals and duplicates, so the 20 slots are all usable', async () => {
    const c = 'C-2026-000011';
    await refusedWith(store.put(upload(c, 'setup.pdf', exe())), 'type_not_allowed');
    await store.put(upload(c, 'a.png', png(3000)));
    await store.put(upload(c, 'a.png', png(3000)));
    for (let i = 1; i < 20; i++) await store.put(upload(c, `b${i}.png`, png(3000 + i)));
    expect(await store.count(c)).to.equal(20);
  });

  it('recovers slots leaked by a crash mid-upload, but only once nothing is in flight', async () => {
    const c = 'C-2026-000014';
    for (let i = 0; i < 18; i++) await store.put(upload(c, `q${i}.png`, png(5000 + i)));
    const counters = db.collection<{ _id: string; count: number; lastReservedAt?: Date }>('evidence_counters');
    // Two reservations whose uploads never finished (the process died): the counter says 20.
    await counters.updateOne({ _id: c }, { $set: { count: 20, lastReservedAt: new Date() } });
    // Recent reservations may still be uploading: the case counts as full.
    await refusedWith(store.put(upload(c, 'q18.png', png(5018))), 'too_many_files');
    // Ten minutes later nothing can still be in flight: the leaked slots come back.
    await counters.updateOne({ _id: c }, { $set: { lastReservedAt: new Date(Date.now() - 10 * 60_000) } });
    expect((await store.put(upload(c, 'q18.png', png(5018)))).duplicate).to.equal(false);
    expect((await store.put(upload(c, 'q19.png', png(5019)))).duplicate).to.equal(false);
    await refusedWith(store.put(upload(c, 'q20.png', png(5020))), 'too_many_files');
    expect(await store.count(c)).to.equal(20);
    expect((await counters.findOne({ _id: c }))?.count).to.equal(20);
  });

  it('removes a file and frees its slot', async () => {
    const c = 'C-2026-000015';
    const refs = [];
    for (let i = 0; i < 20; i++) refs.push((await store.put(upload(c, `r${i}.png`, png(6000 + i)))).ref);
    await refusedWith(store.put(upload(c, 'r20.png', png(6020))), 'too_many_files');
    const err = await store.remove(refs[0].fileId, { caseNumber: 'C-2026-000001' }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(EvidenceNotFoundError);
    await store.remove(refs[0].fileId, { caseNumber: c });
    expect(await store.count(c)).to.equal(19);
    expect(await db.collection('evidence.chunks').countDocuments({ files_id: new ObjectId(refs[0].fileId) })).to.equal(0);
    expect((await store.put(upload(c, 'r20.png', png(6020)))).duplicate).to.equal(false);
    // The removed bytes are no longer a "duplicate", and the case is full again.
    await refusedWith(store.put(upload(c, 'r0.png', png(6000))), 'too_many_files');
  });

  it('stores a zip and lists its entries for the support team', async () => {
    const zip = await buildZip([
      { name: 'chat/2026-01-01.txt', data: Buffer.from('Seller: it ships tomorrow.') },
      { name: 'chat/screenshot.png', data: png(4000) },
    ]);
    const { ref } = await store.put(upload('C-2026-000012', 'chat history.zip', zip));
    expect(ref.mime).to.equal('application/zip');
    const entries = await store.zipEntries(ref.fileId, { caseNumber: 'C-2026-000012' });
    expect(entries?.map((e) => e.name)).to.deep.equal(['chat/2026-01-01.txt', 'chat/screenshot.png']);
    const word = await store.put(upload('C-2026-000012', 'contract.docx', await docx()));
    expect(word.ref.mime).to.equal('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await store.zipEntries(word.ref.fileId))?.map((e) => e.name)).to.include('word/document.xml');
    const picture = await store.put(upload('C-2026-000012', 'p.png', png(4001)));
    expect(await store.zipEntries(picture.ref.fileId)).to.equal(null);
  });

  it('refuses zip bombs and nested archives through put, storing nothing', async () => {
    const c = 'C-2026-000013';
    await refusedWith(store.put(upload(c, 'bomb.zip', await buildZip([{ name: 'zeros.bin', data: Buffer.alloc(5 * MB) }]))), 'zip_ratio');
    const inner = await buildZip([{ name: 'a.txt', data: Buffer.from('a') }]);
    await refusedWith(store.put(upload(c, 'nested.zip', await buildZip([{ name: 'inner.zip', data: inner }]))), 'zip_nested_archive');
    expect(await store.count(c)).to.equal(0);
  });

  it('has the unique (case, sha256) index', async () => {
    const indexes = await db.collection('evidence.files').indexes();
    const unique = indexes.find((i) => i.name === 'case_sha256_unique');
    expect(unique?.unique).to.equal(true);
    expect(unique?.key).to.deep.equal({ 'metadata.caseNumber': 1, 'metadata.sha256': 1 });
  });
});
