// The support team's actions on the case service: close with an outcome, write to a party, assign, and
// the version guard that turns a second agent's stale action into a ConflictError saying what changed.
import { expect } from 'chai';
import type { Db } from 'mongodb';
import { testDb } from '../support/db.js';
import { CaseService, ConflictError, NotAllowedError, ValidationError, type CaseChange } from '../../src/cases/case-service.js';
import { MemberService } from '../../src/identity/member-service.js';
import type { CaseDoc, CloseOutcome } from '../../src/cases/types.js';
import type { Member } from '../../src/identity/types.js';

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('cases: staff actions', function () {
  let db: Db;
  let service: CaseService;
  let changes: CaseChange[];
  let buyer: Member;
  let filed: CaseDoc;
  const now = new Date('2026-03-27T12:00:00Z');

  beforeEach(async () => {
    db = await testDb('staff_actions');
    changes = [];
    const codes: string[] = [];
    const members = new MemberService({ db, clock: () => now, sendCode: async (_e, code) => void codes.push(code) });
    service = new CaseService({
      db,
      clock: () => now,
      settings: { responsePeriodHours: { awaiting_respondent: 72, awaiting_complainant: 48 }, reminderHours: [24], platform: 'P', partner: 'Q' },
      listeners: [{ onCaseChanged: async (c) => void changes.push(c) }],
    });
    await Promise.all([members.ensureIndexes(), service.ensureIndexes()]);
    const m = await members.findOrCreateByAccount({ channelId: 'webchat', userId: 'buyer' });
    await members.startEmailVerification(m, 'ann@buyer.example');
    const r = await members.confirmEmailVerification(m, codes[0] ?? '');
    if (r.status !== 'ok') throw new Error(r.status);
    buyer = r.member;
    filed = await service.fileCase(buyer, {
      typeId: 'other',
      fields: { subject: 'Photos', description: 'They copied our product photos.' },
      respondent: { company: 'Copy Co', email: 'copy@example.com' },
      idempotencyKey: 'k1',
    });
  });

  it('closes with an outcome and a resolution, recorded on the case and its event with the staff id', async () => {
    const closed = await service.close(filed.number, 'Photos removed by the seller.', 'ann@example.com', { outcome: 'settled' });
    expect(closed.state).to.equal('closed');
    expect(closed.outcome).to.equal('settled');
    expect(closed.resolution).to.equal('Photos removed by the seller.');
    expect(closed.events.at(-1)).to.deep.include({ type: 'closed', actor: 'support', actorId: 'ann@example.com', outcome: 'settled' });
    const bad = await rejection(service.close(filed.number, 'x', 'ann@example.com', { outcome: 'won' as CloseOutcome }));
    expect(bad).to.be.instanceOf(NotAllowedError); // already closed: checked before the outcome
  });

  it('refuses an unknown outcome', async () => {
    const bad = await rejection(service.close(filed.number, 'x', 'ann@example.com', { outcome: 'won' as CloseOutcome }));
    expect(bad).to.be.instanceOf(ValidationError);
  });

  it('writes to a party without changing the state; listeners get the message event', async () => {
    const after = await service.messageParty(filed.number, 'complainant', '  Please send the invoice.  ', { actorId: 'bo@example.com' });
    expect(after.state).to.equal(filed.state);
    expect(after.events.at(-1)).to.deep.include({ type: 'message', party: 'complainant', note: 'Please send the invoice.', actorId: 'bo@example.com' });
    expect(changes.at(-1)?.event.type).to.equal('message');
    expect(await rejection(service.messageParty(filed.number, 'complainant', '   '))).to.be.instanceOf(ValidationError);
    await service.close(filed.number, 'done', 'bo@example.com');
    expect(await rejection(service.messageParty(filed.number, 'respondent', 'hello'))).to.be.instanceOf(NotAllowedError);
  });

  it('assigns and unassigns, as events', async () => {
    const assigned = await service.assign(filed.number, 'Bo@Example.com', { actorId: 'ann@example.com' });
    expect(assigned.assignee).to.equal('bo@example.com');
    const unassigned = await service.assign(filed.number, '', { actorId: 'ann@example.com' });
    expect(unassigned.assignee).to.equal(undefined);
    expect(unassigned.events.slice(-2).map((e) => e.assignee)).to.deep.equal(['bo@example.com', '']);
    expect(await rejection(service.assign(filed.number, 'not an email'))).to.be.instanceOf(ValidationError);
  });

  it('two agents acting on the version they read: one wins, the other gets a ConflictError with the case as it is now', async () => {
    const version = filed.version;
    const results = await Promise.allSettled([
      service.extendDeadline(filed.number, new Date(now.getTime() + 100 * 3_600_000), { actorId: 'ann@example.com', expectedVersion: version }),
      service.close(filed.number, 'Closing instead.', 'bo@example.com', { expectedVersion: version }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).to.have.length(1);
    expect(lost).to.have.length(1);
    const err = lost[0]!.reason as ConflictError;
    expect(err).to.be.instanceOf(ConflictError);
    expect(err.current?.version).to.equal(version + 1);
    expect(err.message).to.match(/changed since you loaded it/);
    // Without a version, a note never conflicts.
    const noted = await service.addNote(filed.number, 'internal', 'ann@example.com');
    expect(noted.events.at(-1)?.type).to.equal('note');
  });
});
