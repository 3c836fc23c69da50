// The state machine as a table: every stored state × action × actor, with the resulting state or a refusal.
import { expect } from 'chai';
import { CASE_ACTIONS, actionsFor, decide, statesAllowing, type CaseAction } from '../../src/cases/state-machine.js';
import { CASE_STATES, type Actor, type CaseState } from '../../src/cases/types.js';

const ACTORS: Actor[] = ['complainant', 'respondent', 'support', 'system'];

// Cell = resulting state, or '-' when refused. Columns: complainant, respondent, support, system.
// request_response asks the respondent here (the complainant target is checked below).
const TABLE: Record<CaseState, Record<CaseAction, [string, string, string, string]>> = {
  processing: {
    respond: ['-', '-', '-', '-'],
    cancel: ['cancelled', '-', '-', '-'],
    add_evidence: ['processing', 'processing', '-', '-'],
    request_response: ['-', '-', 'awaiting_respondent', 'awaiting_respondent'],
    extend_deadline: ['-', '-', '-', '-'],
    close: ['-', '-', 'closed', '-'],
    add_note: ['-', '-', 'processing', 'processing'],
    deadline_missed: ['-', '-', '-', '-'],
  },
  awaiting_respondent: {
    respond: ['-', 'processing', '-', '-'],
    cancel: ['cancelled', '-', '-', '-'],
    add_evidence: ['awaiting_respondent', 'awaiting_respondent', '-', '-'],
    request_response: ['-', '-', '-', '-'],
    extend_deadline: ['-', '-', 'awaiting_respondent', '-'],
    close: ['-', '-', 'closed', '-'],
    add_note: ['-', '-', 'awaiting_respondent', 'awaiting_respondent'],
    deadline_missed: ['-', '-', '-', 'processing'],
  },
  awaiting_complainant: {
    respond: ['processing', '-', '-', '-'],
    cancel: ['cancelled', '-', '-', '-'],
    add_evidence: ['awaiting_complainant', 'awaiting_complainant', '-', '-'],
    request_response: ['-', '-', '-', '-'],
    extend_deadline: ['-', '-', 'awaiting_complainant', '-'],
    close: ['-', '-', 'closed', '-'],
    add_note: ['-', '-', 'awaiting_complainant', 'awaiting_complainant'],
    deadline_missed: ['-', '-', '-', 'processing'],
  },
  cancelled: {
    respond: ['-', '-', '-', '-'],
    cancel: ['-', '-', '-', '-'],
    add_evidence: ['-', '-', '-', '-'],
    request_response: ['-', '-', '-', '-'],
    extend_deadline: ['-', '-', '-', '-'],
    close: ['-', '-', '-', '-'],
    add_note: ['-', '-', 'cancelled', 'cancelled'],
    deadline_missed: ['-', '-', '-', '-'],
  },
  closed: {
    respond: ['-', '-', '-', '-'],
    cancel: ['-', '-', '-', '-'],
    add_evidence: ['-', '-', '-', '-'],
    request_response: ['-', '-', '-', '-'],
    extend_deadline: ['-', '-', '-', '-'],
    close: ['-', '-', '-', '-'],
    add_note: ['-', '-', 'closed', 'closed'],
    deadline_missed: ['-', '-', '-', '-'],
  },
};

describe('cases: state machine', () => {
  it('covers every state and every action in the table', () => {
    expect(Object.keys(TABLE)).to.have.members([...CASE_STATES]);
    for (const s of CASE_STATES) expect(Object.keys(TABLE[s])).to.have.members([...CASE_ACTIONS]);
  });

  for (const state of CASE_STATES) {
    for (const action of CASE_ACTIONS) {
      ACTORS.forEach((actor, i) => {
        const expected = TABLE[state][action][i];
        it(`${state} × ${action} × ${actor} → ${expected === '-' ? 'refused with a reason' : expected}`, () => {
          const d = decide(state, actor, action, { target: 'respondent', platform: 'Alibaba.com' });
          if (expected === '-') {
            expect(d.allowed).to.equal(false);
            if (!d.allowed) expect(d.reason).to.be.a('string').with.length.greaterThan(10);
          } else {
            expect(d).to.deep.equal({ allowed: true, to: expected });
          }
        });
      });
    }
  }

  it('support may ask the complainant too, only from processing', () => {
    expect(decide('processing', 'support', 'request_response', { target: 'complainant' })).to.deep.equal({ allowed: true, to: 'awaiting_complainant' });
    expect(decide('processing', 'support', 'request_response', {}).allowed).to.equal(false);
    expect(statesAllowing('support', 'request_response', { target: 'complainant' })).to.deep.equal(['processing']);
  });

  it("explains a refused response with the party's view and the status definition (FAQ 5)", () => {
    const d = decide('awaiting_respondent', 'complainant', 'respond', { platform: 'Alibaba.com' });
    expect(d.allowed).to.equal(false);
    if (d.allowed) return;
    expect(d.reason).to.include("'Awaiting my response'");
    expect(d.reason).to.include("This case is 'Awaiting the other party's response'");
    expect(d.reason).to.include('The other party needs to respond');
    expect(d.reason).to.include('Alibaba.com');
    const p = decide('processing', 'respondent', 'respond');
    expect(p.allowed).to.equal(false);
    if (!p.allowed) expect(p.reason).to.include("This case is 'Processing'");
    const closed = decide('closed', 'respondent', 'respond');
    if (!closed.allowed) expect(closed.reason).to.include("'Case Closed'");
  });

  it('lists party actions with availability and reasons', () => {
    const acts = actionsFor('awaiting_respondent', 'respondent');
    expect(acts.map((a) => [a.action, a.allowed])).to.deep.equal([
      ['respond', true],
      ['cancel', false],
      ['add_evidence', true],
    ]);
    expect(acts.find((a) => a.action === 'cancel')?.reason).to.include('Only the member who filed the complaint');
    expect(acts.find((a) => a.action === 'respond')).to.not.have.property('reason');
    expect(actionsFor('closed', 'complainant').every((a) => !a.allowed && a.reason)).to.equal(true);
  });
});
