// Evidence the parties can open: signed, short-lived links for one member and one file, served by the
// real app over HTTP (GET /files/<token>) with the headers that keep uploads from running as the page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { DownloadLinkError, DownloadLinks } from '../../src/evidence/download-link.js';
import type { Member } from '../../src/identity/types.js';
import { silentLogger } from '../../src/log/logger.js';
import { testClient, testDb } from '../support/db.js';
import { MailOutbox } from '../e2e/support/mail-outbox.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% proof of shipment\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('evidence: signed download links', function () {
  this.timeout(30_000);

  describe('DownloadLinks', () => {
    const key = async () => new TextEncoder().encode('k'.repeat(40));
    let now = new Date('2026-06-01T10:00:00Z');
    const links = new DownloadLinks({ key, publicUrl: () => 'https://bot.example', clock: () => now, ttlSeconds: 900 });
    const claims = { memberId: 'm-1', caseNumber: 'C-2026-000001', fileId: 'f'.repeat(24) };
    const tokenOf = (url: string) => url.slice('https://bot.example/files/'.length);

    it('issues a fresh link every time, and reads back what it signed', async () => {
      const a = await links.issue(claims);
      const b = await links.issue(claims);
      expect(a).to.match(/^https:\/\/bot\.example\/files\/[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(a).to.not.equal(b);
      expect(await links.verify(tokenOf(a))).to.deep.equal(claims);
    });

    it('refuses an altered, a foreign-key and an expired link', async () => {
      const token = tokenOf(await links.issue(claims));
      const [h, p, s] = token.split('.');
      const forged = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      forged.f = 'e'.repeat(24);
      const altered = `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`;
      const problem = async (t: string, l = links) => {
        try {
          await l.verify(t);
        } catch (err) {
          expect(err).to.be.instanceOf(DownloadLinkError);
          return (err as DownloadLinkError).problem;
        }
        return 'accepted';
      };
      expect(await problem(altered)).to.equal('invalid');
      expect(await problem(`${h}.${p}.${s.slice(0, -2)}xx`)).to.equal('invalid');
      const other = new DownloadLinks({ key: async () => new TextEncoder().encode('o'.repeat(40)), publicUrl: () => '', clock: () => now });
      expect(await problem(token, other)).to.equal('invalid');
      const noneAlg = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
      expect(await problem(noneAlg)).to.equal('invalid');
      now = new Date(now.getTime() + 901_000);
      expect(await problem(token)).to.equal('expired');
    });
  });

  describe('GET /files/<token> on the app', () => {
    let app: App;
    let url: string;
    let dataDir: string;
    let outbox: MailOutbox;
    let buyer: Member;
    let supplier: Member;
    let stranger: Member;
    let caseNumber: string;
    let pdfId: string;
    let pngId: string;

    async function verified(userId: string, email: string): Promise<Member> {
      const members = app.services.members;
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId });
      await members.startEmailVerification(m, email);
      const r = await members.confirmEmailVerification(m, await outbox.verificationCode(email));
      if (r.status !== 'ok') throw new Error(`verification failed: ${r.status}`);
      return r.member;
    }

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'cc-files-'));
      outbox = new MailOutbox(path.join(dataDir, 'outbox'));
      const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_SECONDS: '5' });
      app = await createApp(config, { logger: silentLogger, database: { client: await testClient(), db: await testDb('files') } });
      url = (await app.start()).url;
      buyer = await verified('buyer', 'buyer@files.example');
      supplier = await verified('supplier', 'sales@supplier.example');
      stranger = await verified('stranger', 'someone@else.example');
      const filed = await app.services.cases.fileCase(buyer, {
        typeId: 'fraud',
        fields: { incidentDate: '2026-01-02', description: 'Asked to pay outside the platform.' },
        respondent: { company: 'Supplier Co', email: 'sales@supplier.example' },
        idempotencyKey: 'files-1',
      });
      caseNumber = filed.number;
      for (const [name, data] of [['proof of shipment.pdf', PDF], ['photo.png', PNG]] as const) {
        const put = await app.services.evidence.put({ caseNumber, uploadedBy: 'complainant', uploaderId: buyer._id, name, data });
        await app.services.cases.attachEvidence(buyer, caseNumber, put.ref);
        if (name.endsWith('.pdf')) pdfId = put.ref.fileId;
        else pngId = put.ref.fileId;
      }
    });

    after(async () => {
      await app?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    const link = (member: Member, fileId: string, number = caseNumber) =>
      app.services.downloadLinks.issue({ memberId: member._id, caseNumber: number, fileId });
    const local = (link: string) => `${url}${new URL(link).pathname}`;

    it('gives both parties the same bytes, as an attachment with nosniff and a sandbox', async () => {
      for (const member of [buyer, supplier]) {
        const res = await fetch(local(await link(member, pdfId)));
        expect(res.status).to.equal(200);
        expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).to.equal(true);
        expect(res.headers.get('content-type')).to.equal('application/pdf');
        expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="proof of shipment\.pdf"/);
        expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
        expect(res.headers.get('content-security-policy')).to.contain('sandbox');
        expect(res.headers.get('cache-control')).to.contain('no-store');
      }
    });

    it('opens a plain image inline', async () => {
      const res = await fetch(local(await link(supplier, pngId)));
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-disposition')).to.match(/^inline;/);
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).to.equal(true);
    });

    it('refuses an altered link (403), a link for someone who is not a party (404) and a file of another case (404)', async () => {
      const good = local(await link(buyer, pdfId));
      const altered = `${good.slice(0, -3)}${good.endsWith('A') ? 'B' : 'A'}xy`;
      const refused = await fetch(altered);
      expect(refused.status).to.equal(403);
      expect(await refused.text()).to.contain('not valid');
      const strangers = await fetch(local(await link(stranger, pdfId)));
      expect(strangers.status).to.equal(404);
      expect(await strangers.text()).to.not.contain('proof of shipment');
      const otherCase = await fetch(local(await link(buyer, pdfId, 'C-2026-999999')));
      expect(otherCase.status).to.equal(404);
      expect((await fetch(`${url}/files/not-a-token`)).status).to.equal(403);
    });

    it('refuses an expired link with 410 and says how to get a fresh one', async () => {
      const expired = new DownloadLinks({
        key: async () => (app.services.downloadLinks as unknown as { key(): Promise<Uint8Array> }).key(),
        publicUrl: () => url,
        clock: () => new Date(Date.now() - 3_600_000),
      });
      const res = await fetch(await expired.issue({ memberId: buyer._id, caseNumber, fileId: pdfId }));
      expect(res.status).to.equal(410);
      expect(await res.text()).to.contain('fresh link');
    });
  });
});
