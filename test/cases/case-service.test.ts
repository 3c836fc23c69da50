// The case service end to end on the test database (embedded server, or a real MongoDB via MONGODB_URI):
// filing, authorization, per-party views, guarded transitions, races, timers and the event log.
import { expect } from 'chai';
import type { Db } from 'mongodb';
import { testDb } from '../support/db.js';
import {
  CaseService,
  ConflictError,
  NotAllowedError,
  NotFoundError,
  ValidationError,
  type CaseChange,
  type CaseSettings,
  type FileCaseInput,
} from '../../src/cases/case-service.js';
import { MemberService } from '../../src/identity/member-service.js';
import { CaseNotFoundError } from '../../src/cases/errors.js';
import type { CaseDoc } from '../../src/cases/types.js';
import type { Member } from '../../src/identity/types.js';

const H = 3_600_000;
const SETTINGS: CaseSettings = {
  responsePeriodHours: { awaiting_respondent: 72, awaiting_complainant: 48 },
  reminderHours: [48, 24, 2],
  platform: 'Alibaba.com',
  partner: 'AliExpress',
};

const ORDER_FIELDS = {
  orderNumber: 'PO-2026-778',
  orderDate: '2026-02-20',
  amountPaid: '1250 USD',
  paymentMethod: 'Bank transfer',
  description: 'Paid in full on 21 Feb; nothing shipped, supplier stopped answering.',
};

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('cases: case service', function () {
  let db: Db;
  let now: Date;
  let codes: string[];
  let members: MemberService;
  let service: CaseService;
  let changes: CaseChange[];
  let buyer: Member;
  let supplier: Member;
  let stranger: Member;
  let seq = 0;

  async function verified(userId: string, email: string, timeZone?: string): Promise<Member> {
    const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId, name: userId, ...(timeZone ? { timeZone } : {}) });
    await members.startEmailVerification(m, email);
    const r = await members.confirmEmailVerification(m, codes[codes.length - 1] ?? '');
    if (r.status !== 'ok') throw new Error(`verification failed: ${r.status}`);
    return r.member;
  }

  const input = (over: Partial<FileCaseInput> = {}): FileCaseInput => ({
    typeId: 'order_not_received',
    fields: ORDER_FIELDS,
    respondent: { company: 'Shenzhen Widgets Co.', email: 'Sales@Widgets.example' },
    idempotencyKey: `k-${(seq += 1)}`,
    ...over,
  });

  function makeService(settings: CaseSettings = SETTINGS): CaseService {
    return new CaseService({ db, settings, clock: () => now, listeners: [{ onCaseChanged: async (c) => void changes.push(c) }] });
  }

  beforeEach(async () => {
    db = await testDb('cases');
    now = new Date('2026-03-27T12:00:00Z');
    codes = [];
    changes = [];
    members = new MemberService({ db, clock: () => now, sendCode: async (_e, code) => void codes.push(code) });
    service = makeService();
    await Promise.all([members.ensureIndexes(), service.ensureIndexes()]);
    buyer = await verified('buyer', 'ann@buyer.example', 'Europe/Berlin');
    supplier = await verified('supplier', 'sales@widgets.example', 'Asia/Shanghai');
    stranger = await verified('stranger', 'eve@elsewhere.example');
  });

  describe('filing', () => {
    it('files with a readable number, normalised fields, and automatic triage to the respondent with a 72 h deadline', async () => {
      const c = await service.fileCase(buyer, input());
      expect(c.number).to.equal('C-2026-000001');
      expect(c._id).to.equal(c.number);
      expect(c.state).to.equal('awaiting_respondent');
      expect(c.deadline?.toISOString()).to.equal('2026-03-30T12:00:00.000Z');
      expect(c.nextTimerAt?.toISOString()).to.equal('2026-03-28T12:00:00.000Z');
      expect(c.fields.amountPaid).to.equal('1250.00 USD');
      expect(c.respondent).to.deep.equal({ company: 'Shenzhen Widgets Co.', email: 'sales@widgets.example' });
      expect(c.complainant).to.deep.include({ memberId: buyer._id, email: 'ann@buyer.example', emailVerified: true, name: 'buyer' });
      expect(c.events.map((e) => [e.type, e.actor, e.from, e.to])).to.deep.equal([
        ['filed', 'complainant', undefined, 'processing'],
        ['response_requested', 'system', 'processing', 'awaiting_respondent'],
      ]);
      expect(changes.map((ch) => ch.event.type)).to.deep.equal(['filed', 'response_requested']);
      const second = await service.fileCase(buyer, input());
      expect(second.number).to.equal('C-2026-000002');
    });

    it('without automatic triage the case waits in processing until support asks for a response', async () => {
      const manual = makeService({ ...SETTINGS, autoTriage: false });
      const c = await manual.fileCase(buyer, input());
      expect(c.state).to.equal('processing');
      expect(c).to.not.have.property('deadline');
      now = new Date(now.getTime() + H);
      const asked = await manual.requestResponse(c.number, 'respondent', { actorId: 'agent-7', note: 'Please send the shipping proof.', hours: 24 });
      expect(asked.state).to.equal('awaiting_respondent');
      expect(asked.deadline?.toISOString()).to.equal('2026-03-28T13:00:00.000Z');
      // A 24 h period skips the 48 h step, and the 24 h step coincides with the request itself: next is 2 h before.
      expect(asked.nextTimerAt?.toISOString()).to.equal('2026-03-28T11:00:00.000Z');
      expect(asked.events[1]).to.deep.include({ type: 'response_requested', actor: 'support', actorId: 'agent-7', party: 'respondent', note: 'Please send the shipping proof.' });
    });

    it('the same idempotency key files once, also when submitted concurrently', async () => {
      const a = await service.fileCase(buyer, input({ idempotencyKey: 'dialog-1' }));
      const b = await service.fileCase(buyer, input({ idempotencyKey: 'dialog-1' }));
      expect(b.number).to.equal(a.number);
      const many = await Promise.all(Array.from({ length: 6 }, () => service.fileCase(buyer, input({ idempotencyKey: 'dialog-2' }))));
      expect(new Set(many.map((c) => c.number)).size).to.equal(1);
      expect(await db.collection('cases').countDocuments()).to.equal(2);
    });

    it('numbers stay unique under concurrent filing', async () => {
      const cases = await Promise.all(Array.from({ length: 15 }, (_, i) => service.fileCase(buyer, input({ idempotencyKey: `p-${i}` }))));
      const numbers = cases.map((c) => c.number).sort();
      expect(new Set(numbers).size).to.equal(15);
      expect(numbers[0]).to.equal('C-2026-000001');
      expect(numbers[14]).to.equal('C-2026-000015');
    });

    it('reports every invalid field by id, and refuses a complaint against oneself', async () => {
      const err = await rejection(service.fileCase(buyer, input({ fields: { ...ORDER_FIELDS, orderDate: 'yesterday', amountPaid: '' }, respondent: { company: ' ', email: 'nope' } })));
      expect(err).to.be.instanceOf(ValidationError);
      expect(Object.keys((err as ValidationError).fields).sort()).to.deep.equal(['amountPaid', 'orderDate', 'respondent.company', 'respondent.email']);
      const self = await rejection(service.fileCase(buyer, input({ respondent: { company: 'Me', email: 'ANN@buyer.example' } })));
      expect((self as ValidationError).fields['respondent.email']).to.include('your own email');
      const type = await rejection(service.fileCase(buyer, input({ typeId: 'nonsense' })));
      expect((type as ValidationError).fields).to.have.property('typeId');
      expect(await db.collection('cases').countDocuments()).to.equal(0);
    });

    it('requires a verified email, and sends partner-site orders to the partner with the steps', async () => {
      const unverified = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'newbie' });
      const e1 = await rejection(service.fileCase(unverified, input()));
      expect(e1).to.be.instanceOf(NotAllowedError);
      expect(e1.message).to.include('verify your email');
      const e2 = await rejection(service.fileCase(buyer, input({ orderedOnPartnerSite: true })));
      expect(e2).to.be.instanceOf(NotAllowedError);
      expect(e2.message).to.include('disputed on AliExpress');
      expect(e2.message).to.include("Open Dispute");
      // Not a trade dispute: the partner question does not apply.
      const ip = await service.fileCase(buyer, input({ typeId: 'other', fields: { subject: 'Fake reviews', description: 'They post fake reviews.' }, orderedOnPartnerSite: true }));
      expect(ip.typeId).to.equal('other');
    });
  });

  describe('parties and authorization', () => {
    it("shows each party its own label; the respondent is whoever verified the respondent's email", async () => {
      const c = await service.fileCase(buyer, input());
      const mine = await service.getForMember(buyer, c.number);
      expect([mine.party, mine.view]).to.deep.equal(['complainant', "Awaiting the other party's response"]);
      expect(mine.timeLeft).to.equal('3 days left');
      expect(mine.deadlineText).to.equal('30 Mar 2026, 14:00 (Europe/Berlin)');
      expect(mine.actions.find((a) => a.action === 'respond')?.allowed).to.equal(false);
      const theirs = await service.getForMember(supplier, c.number.toLowerCase());
      expect([theirs.party, theirs.view]).to.deep.equal(['respondent', 'Awaiting my response']);
      expect(theirs.timeLeft).to.equal('3 days left');
      expect(theirs.deadlineText).to.equal('30 Mar 2026, 20:00 (Asia/Shanghai)');
      expect(theirs.definition).to.include('You need to respond to the complaint within the period stated');

      expect((await service.listForMember(buyer)).map((s) => [s.number, s.party, s.view, s.counterparty])).to.deep.equal([
        [c.number, 'complainant', "Awaiting the other party's response", 'Shenzhen Widgets Co.'],
      ]);
      expect((await service.listForMember(supplier)).map((s) => [s.number, s.party, s.view, s.typeLabel])).to.deep.equal([
        [c.number, 'respondent', 'Awaiting my response', 'Payment made. Order not received'],
      ]);
      // The same person from another chat surface, once it verifies the same email, sees its complaint too.
      const buyerInTeams = await verified('buyer-teams', 'ANN@buyer.example');
      expect((await service.listForMember(buyerInTeams)).map((s) => s.party)).to.deep.equal(['complainant']);
      // A second supplier employee verifying the company email sees the case as respondent.
      const colleague = await verified('colleague', 'sales@widgets.example');
      expect((await service.getForMember(colleague, c.number)).party).to.equal('respondent');
    });

    it("answers another party's case, a missing case and garbage alike: not found, never an exception leak", async () => {
      const c = await service.fileCase(buyer, input());
      const unverifiedSupplier = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'claims-to-be-supplier' });
      const expected = new CaseNotFoundError().message;
      const attempts: [string, () => Promise<unknown>][] = [
        ['stranger get', () => service.getForMember(stranger, c.number)],
        ['stranger respond', () => service.respond(stranger, c.number, { statement: 'hi' })],
        ['stranger cancel', () => service.cancel(stranger, c.number)],
        ['stranger evidence', () => service.attachEvidence(stranger, c.number, { fileId: 'f', name: 'x.pdf', size: 1, mime: 'application/pdf', sha256: 's' })],
        ['unverified', () => service.getForMember(unverifiedSupplier, c.number)],
        ['missing', () => service.getForMember(buyer, 'C-2026-999999')],
        ['garbage', () => service.getForMember(buyer, 'DROP TABLE cases')],
        ['empty', () => service.getForMember(buyer, '')],
        ['operator', () => service.getForMember(buyer, { $gt: '' } as unknown as string)],
        ['huge', () => service.getForMember(buyer, 'C'.repeat(100_000))],
      ];
      for (const [label, run] of attempts) {
        const err = await rejection(run());
        expect(err, label).to.be.instanceOf(NotFoundError);
        expect(err.message, label).to.equal(expected);
      }
      expect(await service.listForMember(stranger)).to.deep.equal([]);
    });

    it('a party may respond only when its view is "Awaiting my response", and is told why not', async () => {
      const c = await service.fileCase(buyer, input());
      const err = await rejection(service.respond(buyer, c.number, { statement: 'Any news?' }));
      expect(err).to.be.instanceOf(NotAllowedError);
      expect(err.message).to.include("This case is 'Awaiting the other party's response'");
      expect(err.message).to.include('The other party needs to respond');
      const empty = await rejection(service.respond(supplier, c.number, { statement: '   ' }));
      expect(empty).to.be.instanceOf(ValidationError);
      const cancel = await rejection(service.cancel(supplier, c.number));
      expect(cancel.message).to.include('Only the member who filed the complaint can cancel it.');
    });
  });

  describe('races', () => {
    it('two simultaneous transitions: exactly one wins, the other hears the new status', async () => {
      const c = await service.fileCase(buyer, input());
      const results = await Promise.allSettled([
        service.respond(supplier, c.number, { statement: 'We shipped on 1 March; tracking attached.' }),
        service.cancel(buyer, c.number, 'Solved directly with the supplier.'),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).to.have.length(1);
      expect(lost).to.have.length(1);
      const err = lost[0]?.reason as ConflictError;
      expect(err).to.be.instanceOf(ConflictError);
      const final = (await service.getByNumber(c.number)) as CaseDoc;
      expect(err.currentState).to.equal(final.state);
      expect(err.message).to.match(/^The case changed in the meantime; its status is now '(Processing|Case Cancelled)'/);
      expect(final.events.filter((e) => e.type === 'responded' || e.type === 'cancelled')).to.have.length(1);
    });

    it('two respondents answering at once: one response is recorded', async () => {
      const c = await service.fileCase(buyer, input());
      const colleague = await verified('colleague', 'sales@widgets.example');
      const results = await Promise.allSettled([
        service.respond(supplier, c.number, { statement: 'A' }),
        service.respond(colleague, c.number, { statement: 'B' }),
        service.respond(supplier, c.number, { statement: 'C' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(ConflictError);
      const final = (await service.getByNumber(c.number)) as CaseDoc;
      expect(final.events.filter((e) => e.type === 'responded')).to.have.length(1);
      expect(final.version).to.equal(2);
    });
  });

  it('a complaint filed, answered and closed leaves an event log that tells the whole story', async () => {
    const c = await service.fileCase(buyer, input({ idempotencyKey: 'story' }));
    now = new Date(now.getTime() + 5 * H);
    await service.respond(supplier, c.number, { statement: 'The goods left our warehouse on 1 March, see the bill of lading.' });
    now = new Date(now.getTime() + H);
    await service.addNote(c.number, 'Tracking shows the parcel held at customs.', 'agent-7');
    await service.requestResponse(c.number, 'complainant', { actorId: 'agent-7', note: 'Please confirm whether customs contacted you.' });
    now = new Date(now.getTime() + 2 * H);
    const mid = await service.getForMember(buyer, c.number);
    expect(mid.view).to.equal('Awaiting my response');
    expect(mid.timeLeft).to.equal('1 day 22 hours left');
    expect(mid.deadlineText).to.equal('29 Mar 2026, 20:00 (Europe/Berlin)');
    await service.respond(buyer, c.number, { statement: 'Customs asked for an invoice; I had not received it.' });
    now = new Date(now.getTime() + H);
    const closed = await service.close(c.number, 'Parcel released by customs after the invoice was provided; delivered.', 'agent-7');
    await service.addNote(c.number, 'Follow-up: buyer confirmed receipt.', 'agent-7');

    const log = ((await service.getByNumber(c.number)) as CaseDoc).events.map((e) => ({
      at: e.at.toISOString(),
      type: e.type,
      actor: e.actor,
      ...(e.actorId ? { actorId: e.actorId } : {}),
      ...(e.from ? { from: e.from } : {}),
      ...(e.to ? { to: e.to } : {}),
      ...(e.party ? { party: e.party } : {}),
      ...(e.note ? { note: e.note } : {}),
    }));
    expect(log).to.deep.equal([
      { at: '2026-03-27T12:00:00.000Z', type: 'filed', actor: 'complainant', actorId: buyer._id, to: 'processing', party: 'complainant', note: 'Payment made. Order not received' },
      { at: '2026-03-27T12:00:00.000Z', type: 'response_requested', actor: 'system', from: 'processing', to: 'awaiting_respondent', party: 'respondent', note: 'Automatic triage: the respondent is asked to respond.' },
      { at: '2026-03-27T17:00:00.000Z', type: 'responded', actor: 'respondent', actorId: supplier._id, from: 'awaiting_respondent', to: 'processing', party: 'respondent', note: 'The goods left our warehouse on 1 March, see the bill of lading.' },
      { at: '2026-03-27T18:00:00.000Z', type: 'note', actor: 'support', actorId: 'agent-7', note: 'Tracking shows the parcel held at customs.' },
      { at: '2026-03-27T18:00:00.000Z', type: 'response_requested', actor: 'support', actorId: 'agent-7', from: 'processing', to: 'awaiting_complainant', party: 'complainant', note: 'Please confirm whether customs contacted you.' },
      { at: '2026-03-27T20:00:00.000Z', type: 'responded', actor: 'complainant', actorId: buyer._id, from: 'awaiting_complainant', to: 'processing', party: 'complainant', note: 'Customs asked for an invoice; I had not received it.' },
      { at: '2026-03-27T21:00:00.000Z', type: 'closed', actor: 'support', actorId: 'agent-7', from: 'processing', to: 'closed', note: 'Parcel released by customs after the invoice was provided; delivered.' },
      { at: '2026-03-27T21:00:00.000Z', type: 'note', actor: 'support', actorId: 'agent-7', note: 'Follow-up: buyer confirmed receipt.' },
    ]);
    expect(closed.resolution).to.equal('Parcel released by customs after the invoice was provided; delivered.');
    expect(closed).to.not.have.property('deadline');
    expect(closed.respondent.memberId).to.equal(supplier._id);
    expect((await service.getForMember(supplier, c.number)).view).to.equal('Case Closed');
    expect(changes.map((ch) => ch.event.type)).to.deep.equal(['filed', 'response_requested', 'responded', 'note', 'response_requested', 'responded', 'closed', 'note']);
    // Final means final.
    expect(await rejection(service.cancel(buyer, c.number))).to.be.instanceOf(NotAllowedError);
    expect(await rejection(service.close(c.number, 'again'))).to.be.instanceOf(NotAllowedError);
  });

  it('a cancelled case says who cancelled it to each party', async () => {
    const c = await service.fileCase(buyer, input());
    const cancelled = await service.cancel(buyer, c.number, 'Refund received.');
    expect(cancelled.cancelledBy).to.equal('complainant');
    expect(cancelled.events.at(-1)).to.deep.include({ type: 'cancelled', actor: 'complainant', note: 'Refund received.', from: 'awaiting_respondent', to: 'cancelled' });
    expect((await service.getForMember(buyer, c.number)).definition).to.equal('The complaint has been cancelled by you.');
    expect((await service.getForMember(supplier, c.number)).definition).to.equal('The complaint has been cancelled by the other party.');
    expect(await service.findDue(new Date('2027-01-01T00:00:00Z'))).to.deep.equal([]);
  });

  describe('timers', () => {
    it('sends each reminder step once across instances, then records the missed deadline once', async () => {
      const c = await service.fileCase(buyer, input());
      const other = makeService(); // a second bot instance on the same database
      const at = async (iso: string) => {
        now = new Date(iso);
        const [a, b] = await Promise.all([service.runDueTimers(now), other.runDueTimers(now)]);
        return [...a, ...b].map((ch) => `${ch.event.type}${ch.event.hoursBefore ? `:${ch.event.hoursBefore}` : ''}`);
      };
      expect(await at('2026-03-28T11:59:00Z')).to.deep.equal([]);
      expect(await at('2026-03-28T12:00:00Z')).to.deep.equal(['reminder:48']);
      expect(await at('2026-03-28T12:01:00Z')).to.deep.equal([]);
      expect(await at('2026-03-29T12:30:00Z')).to.deep.equal(['reminder:24']);
      expect(await at('2026-03-30T10:00:00Z')).to.deep.equal(['reminder:2']);
      expect(await at('2026-03-30T11:00:00Z')).to.deep.equal([]);
      expect(await at('2026-03-30T12:00:00Z')).to.deep.equal(['deadline_missed']);
      expect(await at('2026-03-30T13:00:00Z')).to.deep.equal([]);
      const final = (await service.getByNumber(c.number)) as CaseDoc;
      expect(final.state).to.equal('processing');
      expect(final).to.not.have.property('nextTimerAt');
      expect(final.reminders).to.equal(undefined);
      expect(final.events.filter((e) => e.type === 'reminder').map((e) => [e.party, e.hoursBefore])).to.deep.equal([
        ['respondent', 48],
        ['respondent', 24],
        ['respondent', 2],
      ]);
      expect(final.events.at(-1)).to.deep.include({ type: 'deadline_missed', actor: 'system', party: 'respondent', from: 'awaiting_respondent', to: 'processing' });
      expect(changes.filter((ch) => ch.event.type === 'reminder')).to.have.length(3);
    });

    it('after downtime catches up only the latest reminder; markDeadlineMissed runs once even when raced', async () => {
      const c = await service.fileCase(buyer, input());
      now = new Date('2026-03-29T18:00:00Z');
      expect((await service.findDue(now)).map((d) => d.number)).to.deep.equal([c.number]);
      const got = await service.runDueTimers(now);
      expect(got.map((g) => g.event.hoursBefore)).to.deep.equal([24]);
      expect(await service.markDeadlineMissed(c.number, now)).to.equal(null); // not yet
      now = new Date('2026-03-30T12:00:00Z');
      const raced = await Promise.all(Array.from({ length: 5 }, () => service.markDeadlineMissed(c.number, now)));
      expect(raced.filter(Boolean)).to.have.length(1);
    });

    it('a response stops the timers; an extended deadline restarts its reminders', async () => {
      const c = await service.fileCase(buyer, input());
      const extended = await service.extendDeadline(c.number, new Date('2026-04-03T12:00:00Z'), { actorId: 'agent-7', note: 'Holiday in China.' });
      expect(extended.nextTimerAt?.toISOString()).to.equal('2026-04-01T12:00:00.000Z');
      expect(extended.events.at(-1)).to.deep.include({ type: 'deadline_extended', party: 'respondent' });
      expect(await rejection(service.extendDeadline(c.number, new Date('2026-03-01T00:00:00Z')))).to.be.instanceOf(ValidationError);
      await service.respond(supplier, c.number, { statement: 'Answer.' });
      expect(await service.findDue(new Date('2027-01-01T00:00:00Z'))).to.deep.equal([]);
    });
  });

  describe('evidence records', () => {
    const ref = (n: number) => ({ fileId: `f${n}`, name: `proof-${n}.pdf`, size: 1000 + n, mime: 'application/pdf', sha256: `sha-${n}` });

    it('records files for a party once per sha256, up to the limit, not on final cases', async () => {
      const small = makeService({ ...SETTINGS, maxEvidenceFiles: 2 });
      const c = await small.fileCase(buyer, input());
      const one = await small.attachEvidence(supplier, c.number, ref(1));
      expect(one.evidence).to.have.length(1);
      expect(one.evidence[0]).to.deep.include({ uploadedBy: 'respondent', sha256: 'sha-1' });
      const dup = await small.attachEvidence(buyer, c.number, ref(1));
      expect(dup.evidence).to.have.length(1);
      await small.attachEvidence(buyer, c.number, ref(2));
      const full = await rejection(small.attachEvidence(buyer, c.number, ref(3)));
      expect(full).to.be.instanceOf(NotAllowedError);
      expect(full.message).to.include('zip');
      expect(await rejection(small.attachEvidence(stranger, c.number, ref(4)))).to.be.instanceOf(NotFoundError);
      await small.cancel(buyer, c.number);
      expect(await rejection(small.attachEvidence(buyer, c.number, ref(1)))).to.be.instanceOf(NotAllowedError);
    });

    it('concurrent uploads never exceed the limit', async () => {
      const small = makeService({ ...SETTINGS, maxEvidenceFiles: 3 });
      const c = await small.fileCase(buyer, input());
      await Promise.allSettled(Array.from({ length: 8 }, (_, i) => small.attachEvidence(buyer, c.number, ref(i))));
      expect(((await small.getByNumber(c.number)) as CaseDoc).evidence).to.have.length(3);
    });
  });

  it('creates the indexes the queries use', async () => {
    const names = (await db.collection('cases').listIndexes().toArray()).map((i) => i.name as string);
    expect(names).to.include.members(['complainant_member', 'complainant_email', 'respondent_email', 'state_deadline', 'next_timer', 'idempotency']);
  });
});
