// Members, chat accounts and email verification against the test database (embedded server or MONGODB_URI).
import { expect } from 'chai';
import type { Db } from 'mongodb';
import { testDb } from '../support/db.js';
import { MemberService, NotAllowedError, ValidationError } from '../../src/identity/member-service.js';

interface Sent {
  email: string;
  code: string;
}

describe('identity: member service', function () {
  let db: Db;
  let now: Date;
  let sent: Sent[];
  let members: MemberService;

  beforeEach(async () => {
    db = await testDb('members');
    now = new Date('2026-03-27T12:00:00Z');
    sent = [];
    members = new MemberService({
      db,
      clock: () => now,
      sendCode: async (email, code) => {
        sent.push({ email, code });
      },
    });
    await members.ensureIndexes();
  });

  const lastCode = () => sent[sent.length - 1]?.code ?? '';
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  describe('chat accounts', () => {
    it('creates a member on first sight and finds the same one later, keeping the latest reference', async () => {
      const first = await members.findOrCreateByAccount({ channelId: 'msteams', userId: '29:abc', name: 'Ann Lee', reference: { conversation: { id: 'c1' } }, timeZone: 'Europe/Berlin' });
      expect(first.emailVerified).to.equal(false);
      expect(first.name).to.equal('Ann Lee');
      expect(first.timeZone).to.equal('Europe/Berlin');
      now = new Date(now.getTime() + 60_000);
      const again = await members.findOrCreateByAccount({ channelId: 'msteams', userId: '29:abc', name: 'Someone Else', reference: { conversation: { id: 'c2' } } });
      expect(again._id).to.equal(first._id);
      expect(again.name).to.equal('Ann Lee');
      expect(again.accounts).to.have.length(1);
      expect(again.accounts[0]?.reference).to.deep.equal({ conversation: { id: 'c2' } });
      expect(again.accounts[0]?.lastSeenAt?.toISOString()).to.equal(now.toISOString());
      const other = await members.findOrCreateByAccount({ channelId: 'webchat', userId: '29:abc' });
      expect(other._id).to.not.equal(first._id);
    });

    it('concurrent first turns of one account agree on one member', async () => {
      const all = await Promise.all(Array.from({ length: 8 }, () => members.findOrCreateByAccount({ channelId: 'webchat', userId: 'u-race' })));
      expect(new Set(all.map((m) => m._id)).size).to.equal(1);
      expect(await db.collection('members').countDocuments()).to.equal(1);
    });

    it('marks a dead reference inactive and revives it when the user writes again', async () => {
      const m = await members.findOrCreateByAccount({ channelId: 'msteams', userId: 'u1', reference: { conversation: { id: 'c1' } } });
      expect((await members.listActiveReferences(m._id)).map((a) => a.channelId)).to.deep.equal(['msteams']);
      await members.markReferenceInactive(m._id, 'msteams', 'u1');
      expect(await members.listActiveReferences(m._id)).to.deep.equal([]);
      await members.findOrCreateByAccount({ channelId: 'msteams', userId: 'u1' });
      expect(await members.listActiveReferences(m._id)).to.have.length(1);
    });

    it('refuses accounts without ids and ignores unknown time zones', async () => {
      try {
        await members.findOrCreateByAccount({ channelId: '', userId: 'x' });
        expect.fail('should throw');
      } catch (err) {
        expect(err).to.be.instanceOf(ValidationError);
      }
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'tz', timeZone: 'Mars/Olympus' });
      expect(m.timeZone).to.equal(undefined);
    });

    it('keeps no invisible characters in the name and company others see', async () => {
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'bidi' });
      const updated = await members.updateProfile(m._id, { name: 'Sam\u200b', company: 'Ali\u202ebaba\u2069 Ltd' });
      expect([updated.name, updated.company]).to.deep.equal(['Sam', 'Alibaba Ltd']);
    });

    it('updates the profile', async () => {
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'p' });
      const u = await members.updateProfile(m._id, { name: ' Bo ', company: 'Acme GmbH', timeZone: 'Asia/Shanghai' });
      expect([u.name, u.company, u.timeZone]).to.deep.equal(['Bo', 'Acme GmbH', 'Asia/Shanghai']);
      try {
        await members.updateProfile(m._id, { timeZone: 'Nowhere/Land' });
        expect.fail('should throw');
      } catch (err) {
        expect(err).to.be.instanceOf(ValidationError);
      }
    });
  });

  describe('email verification', () => {
    it('verifies with the emailed code; the address is normalised; findByEmail then finds the member', async () => {
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'v1' });
      const started = await members.startEmailVerification(m, '  Ann@Example.COM ');
      expect(started.email).to.equal('ann@example.com');
      expect(started.expiresAt.toISOString()).to.equal('2026-03-27T12:10:00.000Z');
      expect(sent).to.have.length(1);
      expect(sent[0]?.email).to.equal('ann@example.com');
      expect(await members.findByEmail('ann@example.com')).to.deep.equal([]);
      const result = await members.confirmEmailVerification(m, ` ${lastCode().slice(0, 3)} ${lastCode().slice(3)} `);
      expect(result.status).to.equal('ok');
      if (result.status !== 'ok') return;
      expect(result.member.email).to.equal('ann@example.com');
      expect(result.member.emailVerified).to.equal(true);
      expect(result.member).to.not.have.property('verification');
      expect((await members.findByEmail('ANN@example.com ')).map((x) => x._id)).to.deep.equal([m._id]);
      expect(await members.confirmEmailVerification(m, lastCode())).to.deep.equal({ status: 'no_pending' });
    });

    it('keeps the code only as a salted hash at rest', async () => {
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'v2' });
      await members.startEmailVerification(m._id, 'bo@example.com');
      const raw = await db.collection('members').findOne({ _id: m._id as never });
      const stored = JSON.stringify(raw);
      expect(stored).to.not.include(lastCode());
      expect(raw?.verification).to.include.keys('salt', 'hash', 'expiresAt', 'tries', 'email');
      expect(raw?.verification).to.not.have.property('code');
    });

    it('counts wrong codes: 4, 3, 2, 1 tries left, then too many tries even for the right code', async () => {
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'v3' });
      await members.startEmailVerification(m, 'cy@example.com');
      const code = lastCode();
      const results = [];
      for (let i = 0; i < 5; i += 1) results.push(await members.confirmEmailVerification(m, wrong(code)));
      expect(results).to.deep.equal([
        { status: 'wrong_code', triesLeft: 4 },
        { status: 'wrong_code', triesLeft: 3 },
        { status: 'wrong_code', triesLeft: 2 },
        { status: 'wrong_code', triesLeft: 1 },
        { status: 'too_many_tries' },
      ]);
      expect(await members.confirmEmailVerification(m, code)).to.deep.equal({ status: 'too_many_tries' });
      expect((await members.getById(m._id))?.emailVerified).to.equal(false);
    });

    it('parallel guesses cannot exceed five tries', async () => {
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'v4' });
      await members.startEmailVerification(m, 'di@example.com');
      const code = lastCode();
      const guesses = Array.from({ length: 20 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
      const results = await Promise.all(guesses.map((g) => members.confirmEmailVerification(m, g)));
      expect(results.filter((r) => r.status === 'wrong_code')).to.have.length.at.most(4);
      const raw = await db.collection('members').findOne({ _id: m._id as never });
      expect(raw?.verification?.tries).to.equal(5);
    });

    it('a code expires after 10 minutes; a new code replaces it', async () => {
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'v5' });
      await members.startEmailVerification(m, 'ed@example.com');
      const old = lastCode();
      now = new Date(now.getTime() + 10 * 60_000);
      expect(await members.confirmEmailVerification(m, old)).to.deep.equal({ status: 'expired' });
      await members.startEmailVerification(m, 'ed@example.com');
      const fresh = lastCode();
      if (fresh !== old) expect((await members.confirmEmailVerification(m, old)).status).to.equal('wrong_code');
      now = new Date(now.getTime() + 9 * 60_000);
      expect((await members.confirmEmailVerification(m, fresh)).status).to.equal('ok');
    });

    it('answers no_pending without a code, and does not spend a try on input that is not 6 digits', async () => {
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'v6' });
      expect(await members.confirmEmailVerification(m, '123456')).to.deep.equal({ status: 'no_pending' });
      await members.startEmailVerification(m, 'fa@example.com');
      expect(await members.confirmEmailVerification(m, 'hello')).to.deep.equal({ status: 'wrong_code', triesLeft: 5 });
    });

    it('strangers cannot lock the owner out: past its short codes an address gets long codes, so the owner still verifies and guessing stays bounded', async () => {
      // Five strangers ask for codes to the supplier's address (one even asks three times, the most one requester may).
      for (let i = 0; i < 5; i += 1) {
        const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: `stranger-${i}` });
        const started = await members.startEmailVerification(m, 'Victim@Example.com');
        expect(started.format).to.equal('digits');
      }
      const greedy = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'stranger-0' });
      await members.startEmailVerification(greedy, 'victim@example.com');
      await members.startEmailVerification(greedy, 'victim@example.com');
      try {
        await members.startEmailVerification(greedy, 'victim@example.com');
        expect.fail('a fourth code from one requester to one address should be refused');
      } catch (err) {
        expect(err).to.be.instanceOf(NotAllowedError);
      }
      // The owner still gets a code (a long one: the address had its five short ones) and verifies with it.
      const owner = await members.findOrCreateByAccount({ channelId: 'msteams', userId: 'owner' });
      const started = await members.startEmailVerification(owner, 'victim@example.com');
      expect(started.format).to.equal('long');
      expect(lastCode()).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      // Six digits cannot be a long code: answered without using a try.
      expect(await members.confirmEmailVerification(owner, '123456')).to.deep.equal({ status: 'wrong_code', triesLeft: 5 });
      const ok = await members.confirmEmailVerification(owner, lastCode().toLowerCase().replace(/-/g, ' '));
      expect(ok.status).to.equal('ok');
      // Guessing stays bounded: of all codes sent to the address only five were short (at most 25 guesses).
      expect(sent.filter((s) => s.email === 'victim@example.com' && /^\d{6}$/.test(s.code))).to.have.length(5);
    });

    it('limits the mail to one address, except while a case awaits that address', async () => {
      let awaiting = false;
      const guarded = new MemberService({ db, clock: () => now, sendCode: async (email, code) => void sent.push({ email, code }), awaitsResponseFrom: async (e) => awaiting && e === 'supplier@example.com', quotas: { emailsPerAddress: { points: 6, windowMs: 3_600_000 } } });
      for (let i = 0; i < 6; i += 1) {
        await guarded.startEmailVerification(await members.findOrCreateByAccount({ channelId: 'webchat', userId: `flood-${i}` }), 'supplier@example.com');
      }
      const owner = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'supplier-owner' });
      try {
        await guarded.startEmailVerification(owner, 'supplier@example.com');
        expect.fail('should throw');
      } catch (err) {
        expect(err).to.be.instanceOf(NotAllowedError);
        expect((err as Error).message).to.include('Too many codes were sent to this address');
      }
      awaiting = true; // a complaint against the supplier now awaits their response
      await guarded.startEmailVerification(owner, 'supplier@example.com');
      expect((await guarded.confirmEmailVerification(owner, lastCode())).status).to.equal('ok');
    });

    it('rejects invalid addresses, limits codes per hour, and withdraws a code that could not be sent', async () => {
      const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'v7' });
      try {
        await members.startEmailVerification(m, 'not an email');
        expect.fail('should throw');
      } catch (err) {
        expect(err).to.be.instanceOf(ValidationError);
        expect((err as ValidationError).fields).to.have.property('email');
      }
      for (let i = 0; i < 5; i += 1) await members.startEmailVerification(m, `go${i}@example.com`);
      try {
        await members.startEmailVerification(m, 'go5@example.com');
        expect.fail('should throw');
      } catch (err) {
        expect(err).to.be.instanceOf(NotAllowedError);
        expect((err as Error).message).to.include('Too many codes');
      }
      const failing = new MemberService({ db, clock: () => now, sendCode: async () => { throw new Error('SMTP down'); } });
      const n = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'v8' });
      try {
        await failing.startEmailVerification(n, 'ha@example.com');
        expect.fail('should throw');
      } catch (err) {
        expect((err as Error).message).to.equal('SMTP down');
      }
      expect(await members.confirmEmailVerification(n, '000000')).to.deep.equal({ status: 'no_pending' });
    });
  });
});
