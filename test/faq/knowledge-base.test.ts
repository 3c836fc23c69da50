import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createFaq, defineStatus, FAQ_STATUS_LABELS } from '../../src/faq/index.js';

// A copy of the source document (shared/seed/complaint-center-faq.txt), so the test runs in any clone.
const source = readFileSync(new URL('./source-faq.txt', import.meta.url), 'utf8');
const answers = createFaq().entries();

// Runs of eight words: a copied sentence shares many, a paraphrase few.
function shingles(text: string, n = 8): Set<string> {
  const words = text.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) out.add(words.slice(i, i + n).join(' '));
  return out;
}

describe('FAQ knowledge base', () => {
  it('answers in its own words, not copies of the source', () => {
    const src = shingles(source);
    for (const e of answers) {
      const mine = [...shingles(e.answer)];
      const copied = mine.filter((s) => src.has(s));
      expect(copied.length / Math.max(1, mine.length), `${e.id}: ${copied.join(' | ')}`).to.be.below(0.15);
    }
  });

  it("carries the source's facts", () => {
    const byId = new Map(answers.map((e) => [e.id, e.answer]));
    expect(byId.get('submit-complaint')).to.include('complaint type').and.include('form').and.include('evidence');
    expect(byId.get('submit-complaint')).to.include("'Open Dispute'").and.include("'My Orders'").and.include("'All orders'");
    expect(byId.get('submit-complaint')).to.include("'Payment made. Order not received'");
    expect(byId.get('complaint-against-me')).to.include('proof of shipment').and.include('sales contract').and.include('communication history');
    expect(byId.get('complaint-against-me')).to.include('membership');
    expect(byId.get('after-submitting')).to.match(/email/);
    expect(byId.get('platform-help')).to.include('law enforcement').and.include('liable');
    expect(byId.get('cant-respond')).to.include("'Awaiting my response'").and.include("'Respond now'");
    expect(byId.get('many-files')).to.include('zip').and.include('both parties');
    expect(byId.get('status-cancelled')).to.match(/by you or by the other party/);
    expect(byId.get('status-closed')).to.include('resolved');
  });

  it('defineStatus gives each exact label its definition, and nothing for an unknown label', () => {
    for (const label of FAQ_STATUS_LABELS) expect(defineStatus(label), label).to.be.a('string').and.contain(label);
    expect(defineStatus('Processing', { platform: 'TradeHub', partner: 'ShopNow' })).to.contain('TradeHub/ShopNow');
    expect(defineStatus('case closed')).to.contain('resolved');
    expect(defineStatus('Pending')).to.equal(null);
  });
});
