// What each party sees: the source's exact labels and definitions.
import { expect } from 'chai';
import { STATUS_LABELS, labelFor, statusDefinition, viewFor } from '../../src/cases/labels.js';

describe('cases: labels', () => {
  it("gives each party the source's exact label for every stored state", () => {
    const table = [
      ['processing', 'Processing', 'Processing'],
      ['awaiting_respondent', "Awaiting the other party's response", 'Awaiting my response'],
      ['awaiting_complainant', 'Awaiting my response', "Awaiting the other party's response"],
      ['cancelled', 'Case Cancelled', 'Case Cancelled'],
      ['closed', 'Case Closed', 'Case Closed'],
    ] as const;
    for (const [state, complainant, respondent] of table) {
      expect(labelFor(state, 'complainant'), state).to.equal(complainant);
      expect(labelFor(state, 'respondent'), state).to.equal(respondent);
      expect(viewFor({ state }, 'respondent')).to.equal(respondent);
    }
  });

  it('uses exactly the five labels of the source', () => {
    expect([...STATUS_LABELS]).to.deep.equal([
      'Processing',
      'Awaiting my response',
      "Awaiting the other party's response",
      'Case Cancelled',
      'Case Closed',
    ]);
  });

  it("defines each status in the source's terms, with the configured platform name", () => {
    const opts = { platform: 'Example Market' };
    expect(statusDefinition('Processing', opts)).to.include('Example Market is currently investigating');
    expect(statusDefinition('Awaiting my response', opts)).to.include('You need to respond to the complaint within the period stated');
    expect(statusDefinition('Awaiting my response', opts)).to.include('cancelling your membership (after further notice)');
    expect(statusDefinition("Awaiting the other party's response", opts)).to.include('cancelling their membership');
    expect(statusDefinition('Case Cancelled', { ...opts, cancelledByMe: true })).to.equal('The complaint has been cancelled by you.');
    expect(statusDefinition('Case Cancelled', { ...opts, cancelledByMe: false })).to.equal('The complaint has been cancelled by the other party.');
    expect(statusDefinition('Case Closed', opts)).to.equal('The complaint has been resolved.');
  });
});
