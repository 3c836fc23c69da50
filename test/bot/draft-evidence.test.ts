// Draft evidence of a filing that is never submitted: removed at once when the user cancels (the
// Cancel button or typing "cancel"), and by the periodic sweep once older than a day otherwise.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../src/log/logger.js';
import { createDraftEvidenceSweep } from '../../src/bot/draft-evidence-sweep.js';
import { makeWorld, seen, type Session, type World } from './support/harness.js';
import { BUYER, SUPPLIER, verifyOnCard } from './support/flows.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const HOUR = 60 * 60_000;

describe('bot: draft evidence of abandoned filings', () => {
  let w: World;
  let server: Server;
  let base: string;

  before(async () => {
    w = await makeWorld('bot_drafts');
    server = createServer((req, res) => {
      // Each URL gives different bytes, so every upload is a new stored file.
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(Buffer.concat([PDF, Buffer.from(`% ${req.url ?? ''}\n`)]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const draftFiles = () => w.db.collection('evidence.files').countDocuments({ 'metadata.caseNumber': /^draft-/ });
  const draftChunks = async () => {
    const ids = (await w.db.collection('evidence.files').find({ 'metadata.caseNumber': /^draft-/ }).toArray()).map((f) => f._id);
    return w.db.collection('evidence.chunks').countDocuments({ files_id: { $in: ids } });
  };

  /** Walks a new filing to the evidence step and sends one file there. */
  async function toEvidenceWithFile(u: Session, email: string, file: string): Promise<void> {
    await u.click({ verb: 'menu.file' });
    await verifyOnCard(w, u, { ...BUYER, email });
    await u.press('Continue', { typeId: 'fraud' });
    await u.press('Continue', { incidentDate: '2026-01-02', description: 'Scam.' });
    await u.press('Continue', { respondentCompany: 'Bad Co', respondentEmail: SUPPLIER.email });
    const up = await u.send({ attachments: [{ contentType: 'application/pdf', contentUrl: `${base}/${file}`, name: file }] });
    expect(seen(up)).to.include(`Received: ${file}`);
  }

  it('Cancel on the evidence card removes the file sent there (files, chunks and slot counter)', async () => {
    const before = await draftFiles();
    const u = w.user('drafts-1');
    await toEvidenceWithFile(u, 'd1@buyer.example', 'one.pdf');
    expect(await draftFiles()).to.equal(before + 1);
    const counters = await w.db.collection('evidence_counters').countDocuments({ _id: /^draft-/ as never });
    const r = await u.press('Cancel');
    expect(seen(r)).to.include('Nothing was filed');
    expect(await draftFiles()).to.equal(before);
    expect(await draftChunks()).to.equal(0);
    expect(await w.db.collection('evidence_counters').countDocuments({ _id: /^draft-/ as never })).to.equal(counters - 1);
  });

  it('typing "cancel" during the evidence step removes the draft files too', async () => {
    const u = w.user('drafts-2');
    await toEvidenceWithFile(u, 'd2@buyer.example', 'two.pdf');
    expect(await draftFiles()).to.equal(1);
    const r = await u.send('cancel');
    expect(seen(r)).to.include('Nothing was sent');
    expect(await draftFiles()).to.equal(0);
    expect(await draftChunks()).to.equal(0);
  });

  it('the sweep removes drafts of a filing left open for over a day and keeps newer ones', async () => {
    const left = w.user('drafts-3');
    await toEvidenceWithFile(left, 'd3@buyer.example', 'three.pdf');
    const fresh = w.user('drafts-4');
    await toEvidenceWithFile(fresh, 'd4@buyer.example', 'four.pdf');
    // The first draft was sent 25 h ago.
    await w.db.collection('evidence.files').updateOne({ filename: 'three.pdf' }, { $set: { uploadDate: new Date(Date.now() - 25 * HOUR) } });
    const sweep = createDraftEvidenceSweep({ evidence: w.evidenceStore, clock: () => new Date(), logger: silentLogger });
    expect(await sweep.runOnce()).to.equal(1);
    const names = (await w.db.collection('evidence.files').find({ 'metadata.caseNumber': /^draft-/ }).toArray()).map((f) => f.filename as string);
    expect(names).to.deep.equal(['four.pdf']);
    // With the clock two days on, the other one is abandoned too: start() sweeps at once, stop() waits for it.
    const later = createDraftEvidenceSweep({ evidence: w.evidenceStore, clock: () => new Date(Date.now() + 48 * HOUR), logger: silentLogger });
    later.start();
    await later.stop();
    expect(await draftFiles()).to.equal(0);
    expect(await draftChunks()).to.equal(0);
  });
});
