import { expect } from 'chai';
import { caseNumberFromChat, formatCaseNumber, parseCaseNumber } from '../../src/cases/case-number.js';

describe('cases: case numbers', () => {
  it('formats C-YYYY-NNNNNN', () => {
    expect(formatCaseNumber(2026, 123)).to.equal('C-2026-000123');
    expect(formatCaseNumber(2026, 1234567)).to.equal('C-2026-1234567');
  });

  it('accepts what users type and rejects anything else', () => {
    expect(parseCaseNumber(' c-2026-000123 ')).to.equal('C-2026-000123');
    expect(parseCaseNumber('#C-2026-000123')).to.equal('C-2026-000123');
    for (const bad of ['', 'C-2026-123', 'C-26-000123', '{"$gt":""}', 'C-2026-000123; drop', 'x'.repeat(1000), 42, null, { $ne: 1 }]) {
      expect(parseCaseNumber(bad), String(bad)).to.equal(null);
    }
  });

  it('reads the short forms people type in chat, padded to the canonical number', () => {
    expect(caseNumberFromChat('c-2026-1')).to.equal('C-2026-000001');
    expect(caseNumberFromChat('#C-2026-000123')).to.equal('C-2026-000123');
    expect(caseNumberFromChat('C-2026-1234567')).to.equal('C-2026-1234567');
    for (const bad of ['C-2026-0', 'C-26-1', 'C-2026-', 'C-2026-1x']) expect(caseNumberFromChat(bad), bad).to.equal(null);
  });
});
