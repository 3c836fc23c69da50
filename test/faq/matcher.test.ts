import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createFaq, type FaqMatch, type FaqResult } from '../../src/faq/index.js';
import knowledgeBase from '../../src/faq/knowledge-base.json' with { type: 'json' };
import { DEV, TEST, type LabelledQuestion } from './labelled-set.js';

const faq = createFaq();

// The previous, rule-based matcher (main before issue 16) measured once on the same test split:
// 183 / 200 on-topic right at top-1 (91.5 %), 6 / 100 off-topic answered. Its code is gone; the
// figures are what the new matcher must not fall below.
const OLD_TEST_TOP1 = 0.915;
const OLD_TEST_OFF_ANSWERED = 0.06;

function answered(result: FaqResult): FaqMatch {
  if (result.kind !== 'answer') throw new Error(`expected an answer, got ${result.kind}`);
  return result.match;
}

function top(r: FaqResult): string | null {
  return r.kind === 'answer' ? r.match.id : r.kind === 'suggest' ? r.suggestions[0].id : null;
}

function figures(set: readonly LabelledQuestion[]): { top1: number; offAnswered: number; misses: string[] } {
  const on = set.filter((x) => x.entry !== null);
  const off = set.filter((x) => x.entry === null);
  const misses = on.filter((x) => top(faq.ask(x.q)) !== x.entry).map((x) => x.q);
  const leaks = off.filter((x) => faq.ask(x.q).kind === 'answer').map((x) => x.q);
  return { top1: 1 - misses.length / on.length, offAnswered: leaks.length / off.length, misses: [...misses, ...leaks] };
}

describe('FAQ matcher', () => {
  describe('on the labelled splits', () => {
    it('the blind test split: at least 95 % top-1, at most 2 % of off-topic answered, and not below the old matcher', () => {
      expect(TEST.filter((x) => x.entry !== null).length).to.be.at.least(150);
      expect(TEST.filter((x) => x.entry === null).length).to.be.at.least(50);
      const f = figures(TEST);
      expect(f.top1, f.misses.join(' | ')).to.be.at.least(0.95).and.at.least(OLD_TEST_TOP1);
      expect(f.offAnswered, f.misses.join(' | ')).to.be.at.most(0.02).and.at.most(OLD_TEST_OFF_ANSWERED);
    });

    // The thresholds were chosen on dev (1.5 % off-topic answered then); after the training questions
    // identical to a dev or test question were removed it measures 4 / 194.
    it('the dev split: at least 95 % top-1, at most 2.5 % of off-topic answered', () => {
      const f = figures(DEV);
      expect(f.top1, f.misses.join(' | ')).to.be.at.least(0.95);
      expect(f.offAnswered, f.misses.join(' | ')).to.be.at.most(0.025);
    });

    it('no dev or test question is among the training questions', () => {
      const trained = new Set(
        [...knowledgeBase.outOfScope, ...knowledgeBase.entries.flatMap((e) => [e.question, ...e.questions])].map((q) => q.trim().toLowerCase()),
      );
      const leaked = [...DEV, ...TEST].filter((x) => trained.has(x.q.trim().toLowerCase())).map((x) => x.q);
      expect(leaked).to.deep.equal([]);
    });
  });

  describe('answers, suggests and declines', () => {
    it('answers each entry asked in its own words (a suggestion asked back answers it)', () => {
      for (const entry of faq.entries()) expect(answered(faq.ask(entry.question)).id, entry.question).to.equal(entry.id);
    });

    it('answers status questions with the exact label', () => {
      for (const label of ['Processing', 'Awaiting my response', "Awaiting the other party's response", 'Case Cancelled', 'Case Closed']) {
        const m = answered(faq.ask(`What does '${label}' mean?`));
        expect(m.status, label).to.equal(label);
        expect(m.faq).to.equal(7);
        expect(m.answer).to.contain(label);
      }
    });

    it('copes with typos, shouting and a long story before the question', () => {
      expect(answered(faq.ask('hw do i submitt a complant')).id).to.equal('submit-complaint');
      expect(answered(faq.ask('WHY CANT I RESPOND TO ALL COMPLAINTS')).id).to.equal('cant-respond');
      const story = 'We ordered 2,000 ceramic mugs in March, paid the deposit by wire transfer, agreed on the packaging. '.repeat(4);
      expect(top(faq.ask(`${story} The supplier stopped answering. How do I file a complaint?`))).to.equal('submit-complaint');
    });

    it('declines chit-chat, empty input and other topics', () => {
      for (const q of ['What is the weather in Berlin?', 'tell me a joke', 'I forgot my password', '', '???', 'x'.repeat(5000)]) {
        expect(faq.ask(q).kind, q).to.equal('unknown');
      }
    });

    it('a close call offers two or three distinct entries, best first, with scores', () => {
      const close = [...DEV, ...TEST].map((x) => faq.ask(x.q)).filter((r) => r.kind === 'suggest');
      expect(close.length).to.be.greaterThan(0);
      for (const r of close) {
        if (r.kind !== 'suggest') continue;
        expect(r.suggestions.length).to.be.within(2, 3);
        expect(new Set(r.suggestions.map((s) => s.id)).size).to.equal(r.suggestions.length);
        expect(r.suggestions[0].score).to.be.at.least(r.suggestions[r.suggestions.length - 1].score);
      }
    });

    it('is deterministic: two builds give the same probabilities', () => {
      const other = createFaq({ knowledgeBase });
      for (const q of ['my complaint is closed', 'can the supplier see my files', 'good morning']) {
        expect(other.explain(q).ranking).to.deep.equal(faq.explain(q).ranking);
      }
    });
  });

  describe('the knowledge base is data', () => {
    it('an entry added from a fixture is answered, with no code change', () => {
      const extra = JSON.parse(readFileSync(new URL('./fixtures/extra-entry.json', import.meta.url), 'utf8')) as unknown;
      const custom = createFaq({ knowledgeBase: { ...knowledgeBase, entries: [...knowledgeBase.entries, extra] } });
      const m = answered(custom.ask('Must my complaint be written in English?'));
      expect(m.id).to.equal('complaint-language');
      expect(m.answer).to.contain('Alibaba.com');
      expect(m.followUps).to.deep.equal(['file_complaint']);
      // The other entries still answer.
      expect(answered(custom.ask('how do I submit a complaint')).id).to.equal('submit-complaint');
    });

    it('rejects malformed data with a clear error', () => {
      expect(() => createFaq({ knowledgeBase: { entries: [{ id: 'Bad Id', faq: 1 }] } })).to.throw(/id|question|answer/);
    });

    it('learns an accepted question without a code change', () => {
      const learner = createFaq({ knowledgeBase });
      const q = 'the vendor pulled a fast one on me, where do I go with this';
      learner.learn([
        { entryId: 'submit-complaint', question: q },
        { entryId: 'submit-complaint', question: 'the vendor pulled a fast one, where do I go' },
        { entryId: 'submit-complaint', question: 'a supplier pulled a fast one on my company, where to go with it' },
      ]);
      expect(top(learner.ask(q))).to.equal('submit-complaint');
      expect(learner.learned()).to.have.length(3);
    });
  });

  describe('configuration', () => {
    const custom = createFaq({ platform: 'TradeHub', partner: 'ShopNow' });

    it('fills the platform and partner names into answers and questions', () => {
      const text = custom.entries().map((e) => `${e.question} ${e.answer}`).join(' ');
      expect(text).to.contain('TradeHub').and.contain('ShopNow');
      expect(text).not.to.match(/Alibaba|AliExpress|\{platform\}|\{partner\}/);
    });

    it('recognises the configured names in questions', () => {
      expect(top(custom.ask('Will TradeHub help me solve my problem?'))).to.equal('platform-help');
      expect(top(custom.ask('I ordered on ShopNow, where do I complain?'))).to.equal('partner-order-dispute');
    });
  });

  it('entries() lists every entry with a stable id, follow-ups and score 1', () => {
    const all = faq.entries();
    expect(new Set(all.map((e) => e.id)).size).to.equal(all.length);
    expect([...new Set(all.map((e) => e.faq))].sort()).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    for (const e of all) {
      expect(e.followUps.length, e.id).to.be.at.least(1);
      expect(e.score).to.equal(1);
    }
  });
});
