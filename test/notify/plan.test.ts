// Who is told what, per event (pure).
import { expect } from 'chai';
import type { CaseDoc, CaseEvent } from '../../src/cases/types.js';
import { occasionOf, planForEvent } from '../../src/notify/plan.js';

const at = (h: number) => new Date(Date.UTC(2026, 0, 10, h));
const deadline = at(72);

function caseWith(events: CaseEvent[], extra: Partial<CaseDoc> = {}): CaseDoc {
  return {
    _id: 'C-2026-000005',
    number: 'C-2026-000005',
    typeId: 'other',
    state: 'processing',
    complainant: { memberId: 'm1', email: 'b@example.com', emailVerified: true },
    respondent: { company: 'Acme', email: 's@example.com' },
    fields: {},
    evidence: [],
    events,
    idempotencyKey: 'k',
    version: 1,
    createdAt: at(0),
    updatedAt: at(0),
    ...extra,
  };
}

const summary = (c: CaseDoc, e: CaseEvent) => planForEvent(c, e).map((p) => `${p.reader}:${p.kind}:${p.channels.join('+')}`);

describe('notify: plan (what notifies whom)', () => {
  const filed: CaseEvent = { at: at(0), actor: 'complainant', type: 'filed', to: 'processing', party: 'complainant' };
  const triage: CaseEvent = { at: at(0), actor: 'system', type: 'response_requested', from: 'processing', to: 'awaiting_respondent', party: 'respondent', deadline };

  it('filing: receipt by email, support alert; with automatic triage the respondent gets the notice with the deadline', () => {
    const c = caseWith([filed, triage], { state: 'awaiting_respondent', deadline });
    expect(summary(c, filed)).to.deep.equal(['complainant:filed_receipt:email', 'support:support_new_case:email+chat']);
    expect(summary(c, triage)).to.deep.equal(['respondent:filed_against_you:email+chat']);
    const [notice] = planForEvent(c, triage);
    expect(notice.deadline).to.equal(deadline);
    expect(notice.guard).to.deep.equal({ state: 'awaiting_respondent', deadline });
  });

  it('a later request by support: the asked party must respond, the other sees the new status', () => {
    const responded: CaseEvent = { at: at(5), actor: 'respondent', type: 'responded', from: 'awaiting_respondent', to: 'processing', party: 'respondent' };
    const ask: CaseEvent = { at: at(6), actor: 'support', type: 'response_requested', from: 'processing', to: 'awaiting_respondent', party: 'respondent', deadline: at(80) };
    const c = caseWith([filed, triage, responded, ask], { state: 'awaiting_respondent', deadline: at(80) });
    expect(summary(c, responded)).to.deep.equal(['complainant:other_party_responded:email+chat', 'support:support_party_responded:email+chat']);
    expect(summary(c, ask)).to.deep.equal(['respondent:response_requested:email+chat', 'complainant:status_changed:email+chat']);
  });

  it('deadline missed by the complainant: both parties and support', () => {
    const missed: CaseEvent = { at: at(72), actor: 'system', type: 'deadline_missed', from: 'awaiting_complainant', to: 'processing', party: 'complainant', deadline };
    expect(summary(caseWith([filed, missed]), missed)).to.deep.equal([
      'complainant:deadline_missed:email+chat',
      'respondent:deadline_missed:email+chat',
      'support:support_deadline_missed:email+chat',
    ]);
  });

  it('cancelled by support: both parties by chat and email', () => {
    const cancelled: CaseEvent = { at: at(3), actor: 'support', type: 'cancelled', from: 'processing', to: 'cancelled' };
    expect(summary(caseWith([filed, cancelled], { state: 'cancelled' }), cancelled)).to.deep.equal(['complainant:cancelled:email+chat', 'respondent:cancelled:email+chat']);
  });

  it('cancelled by the complainant: the respondent in chat and email, the complainant by email, support alerted', () => {
    const cancelled: CaseEvent = { at: at(3), actor: 'complainant', type: 'cancelled', from: 'processing', to: 'cancelled', party: 'complainant' };
    expect(summary(caseWith([filed, cancelled], { state: 'cancelled' }), cancelled)).to.deep.equal([
      'complainant:cancelled:email',
      'respondent:cancelled:email+chat',
      'support:support_cancelled:email+chat',
    ]);
  });

  it("a support message reaches only the party it is for, in chat and by email", () => {
    const message: CaseEvent = { at: at(3), actor: 'support', actorId: 'ann@example.com', type: 'message', party: 'complainant', note: 'Please send the invoice.' };
    const planned = planForEvent(caseWith([filed, message]), message);
    expect(planned.map((p) => `${p.reader}:${p.kind}:${p.channels.join('+')}`)).to.deep.equal(['complainant:support_message:email+chat']);
    expect(planned[0]?.note).to.equal('Please send the invoice.');
  });

  it('notes, assignments and evidence notify nobody', () => {
    const assigned: CaseEvent = { at: at(5), actor: 'support', type: 'assigned', assignee: 'bo@example.com' };
    expect(planForEvent(caseWith([filed, assigned]), assigned)).to.deep.equal([]);
    const note: CaseEvent = { at: at(3), actor: 'support', type: 'note', note: 'internal' };
    const evidence: CaseEvent = { at: at(4), actor: 'respondent', type: 'evidence_added', party: 'respondent', fileId: 'f' };
    expect(planForEvent(caseWith([filed, note, evidence]), note)).to.deep.equal([]);
    expect(planForEvent(caseWith([filed, note, evidence]), evidence)).to.deep.equal([]);
  });

  it('reminders are keyed by case, party, deadline and step (not by event), and guarded', () => {
    const r1: CaseEvent = { at: at(24), actor: 'system', type: 'reminder', party: 'respondent', deadline, hoursBefore: 48 };
    const r2: CaseEvent = { ...r1, at: at(25) };
    const c = caseWith([filed, triage, r1], { state: 'awaiting_respondent', deadline });
    expect(occasionOf(c, r1)).to.equal(occasionOf(c, r2));
    expect(occasionOf(c, r1)).to.equal('C-2026-000005:reminder:respondent:2026-01-13T00:00:00.000Z:48h');
    const [p] = planForEvent(c, r1);
    expect([p.reader, p.kind, p.stepHours]).to.deep.equal(['respondent', 'reminder', 48]);
    expect(p.guard).to.deep.equal({ state: 'awaiting_respondent', deadline });
  });
});
