import { expect } from 'chai';
import { createFaq, type FaqMatch, type FaqResult } from '../../src/faq/index.js';
import { LABELLED } from './labelled-set.js';

const faq = createFaq();

function answered(result: FaqResult): FaqMatch {
  if (result.kind !== 'answer') throw new Error(`expected an answer, got ${result.kind}`);
  return result.match;
}

describe('FAQ matcher', () => {
  describe('on the labelled set', () => {
    for (const split of ['dev', 'holdout'] as const) {
      it(`top-1 accuracy is at least 95 % on the ${split} split`, () => {
        const set = LABELLED.filter((x) => x.split === split && x.faq !== null);
        const misses = set.filter((x) => {
          const r = faq.ask(x.q);
          const top = r.kind === 'answer' ? r.match : r.kind === 'suggest' ? r.suggestions[0] : null;
          return top === null || top.faq !== x.faq || top.status !== x.status;
        });
        expect(set.length).to.be.greaterThan(30);
        expect(misses.length / set.length, misses.map((m) => m.q).join(' | ')).to.be.at.most(0.05);
      });
    }

    it('answers no off-topic question', () => {
      const off = LABELLED.filter((x) => x.faq === null);
      expect(off.length).to.be.at.least(15);
      const answeredOff = off.filter((x) => faq.ask(x.q).kind === 'answer').map((x) => x.q);
      expect(answeredOff).to.deep.equal([]);
    });

    it('has at least 60 varied phrasings: typos, short, long, buyer and supplier wording', () => {
      const onTopic = LABELLED.filter((x) => x.faq !== null);
      expect(onTopic.length).to.be.at.least(60);
      for (const tag of ['typo', 'short', 'long', 'buyer', 'supplier']) {
        expect(onTopic.filter((x) => x.tags.includes(tag)).length, tag).to.be.at.least(5);
      }
      for (let n = 1; n <= 7; n++) expect(onTopic.some((x) => x.faq === n), `question ${n}`).to.equal(true);
    });
  });

  describe('answers real questions', () => {
    const cases: [string, string][] = [
      ['How do I file a complaint against a supplier?', 'submit-complaint'],
      ['I bought it on AliExpress, where do I open a dispute?', 'partner-order-dispute'],
      ['A buyer opened a dispute against my company, what now?', 'complaint-against-me'],
      ["I've submitted my claim. What happens next?", 'after-submitting'],
      ['Is Alibaba legally responsible for my loss?', 'platform-help'],
      ['Why is the Respond now button missing on some cases?', 'cant-respond'],
      ['I have too many screenshots, can I put them in a zip?', 'many-files'],
      ['What do the different complaint statuses mean?', 'status-definitions'],
    ];
    for (const [q, id] of cases) {
      it(`"${q}" → ${id}`, () => {
        expect(answered(faq.ask(q)).id).to.equal(id);
      });
    }

    it('reports the source question number', () => {
      expect(answered(faq.ask('how do i submit a complaint')).faq).to.equal(1);
      expect(answered(faq.ask('someone filed a complaint against me')).faq).to.equal(2);
      expect(answered(faq.ask('what should I do after submitting a complaint')).faq).to.equal(3);
      expect(answered(faq.ask('will alibaba help me solve my problem')).faq).to.equal(4);
      expect(answered(faq.ask("why can't I respond to all complaints")).faq).to.equal(5);
      expect(answered(faq.ask('I have many files to upload')).faq).to.equal(6);
      expect(answered(faq.ask('status definitions')).faq).to.equal(7);
    });

    it('copes with typos', () => {
      expect(answered(faq.ask('hw do i submitt a complant')).id).to.equal('submit-complaint');
      expect(answered(faq.ask('uplaod many fiels')).id).to.equal('many-files');
      expect(answered(faq.ask('awaiting my reponse meaning')).status).to.equal('Awaiting my response');
      expect(answered(faq.ask('case clsoed')).status).to.equal('Case Closed');
    });

    it('finds the question at the end of a long message', () => {
      const story = 'We ordered 2,000 ceramic mugs in March, paid the deposit by wire transfer, agreed on the packaging and the delivery date, '.repeat(4);
      expect(answered(faq.ask(`${story} The supplier stopped answering. How do I file a complaint?`)).id).to.equal('submit-complaint');
    });

    it('folds synonyms: dispute, claim, ticket and case are all complaints', () => {
      for (const word of ['complaint', 'dispute', 'claim', 'ticket', 'case']) {
        expect(answered(faq.ask(`how do I track my ${word}`)).id, word).to.equal('after-submitting');
      }
    });
  });

  describe('status definitions', () => {
    const labels = ['Processing', 'Awaiting my response', "Awaiting the other party's response", 'Case Cancelled', 'Case Closed'];
    for (const label of labels) {
      it(`"What does '${label}' mean?" answers that status with its exact label`, () => {
        const m = answered(faq.ask(`What does '${label}' mean?`));
        expect(m.status).to.equal(label);
        expect(m.faq).to.equal(7);
        expect(m.answer).to.contain(label);
      });
    }

    it('reads common slips of "what does … mean" around a label', () => {
      expect(answered(faq.ask('what dose case closed meen')).status).to.equal('Case Closed');
      expect(answered(faq.ask('wat does awaiting my response men')).status).to.equal('Awaiting my response');
    });

    it('also understands the statuses described in other words', () => {
      expect(answered(faq.ask('is my dispute being investigated?')).status).to.equal('Processing');
      expect(answered(faq.ask('the case is waiting for the supplier to reply')).status).to.equal("Awaiting the other party's response");
      expect(answered(faq.ask('it is waiting for my reply, what should I do')).status).to.equal('Awaiting my response');
      expect(answered(faq.ask('can I withdraw my complaint')).status).to.equal('Case Cancelled');
      expect(answered(faq.ask('my claim was resolved and closed')).status).to.equal('Case Closed');
    });
  });

  describe('says so when it does not know', () => {
    const offTopic = [
      'What is the weather in Berlin?',
      'tell me a joke',
      'How much is shipping to France?',
      'I forgot my password',
      'How do I cancel my order?',
      'How do I change my email address?',
      'Can I get a discount for 500 pieces?',
      'how do I delete my account',
      'good morning',
      '',
      '???',
    ];
    for (const q of offTopic) {
      it(`"${q}" → unknown`, () => {
        expect(faq.ask(q).kind).to.equal('unknown');
      });
    }
  });

  describe('tells a complaint from the rest of the marketplace', () => {
    it('a status word about an order or a payment is not a complaint status', () => {
      for (const q of ['My payment is processing, what does that mean?', 'Why was my order cancelled?', 'what do the order statuses mean']) {
        expect(faq.ask(q).kind, q).to.equal('unknown');
      }
      expect(faq.ask('Why is my store closed?').kind).to.equal('unknown');
      expect(faq.ask('How long should I wait for my parcel?').kind).to.equal('unknown');
      expect(faq.ask('What does "awaiting supplier confirmation" mean?').kind).to.equal('unknown');
      expect(faq.ask('How do I stop receiving emails?').kind).to.equal('unknown');
      expect(faq.ask('Why did I get an email about a new login?').kind).to.equal('unknown');
      expect(faq.ask("The seller hasn't answered my question about sizes").kind).to.equal('unknown');
      expect(faq.ask('How many products can I upload per day?').kind).to.equal('unknown');
      expect(answered(faq.ask('How do I handle a dispute opened by my customer?')).id).to.equal('complaint-against-me');
      expect(answered(faq.ask('How do I check whether my complaint has been answered?')).id).to.equal('after-submitting');
      expect(faq.ask('What does pending review mean for my product?').kind).to.equal('unknown');
      expect(answered(faq.ask('It is waiting for my reply, what should I do?')).status).to.equal('Awaiting my response');
      expect(answered(faq.ask("what do I do if it's waiting on me?")).status).to.equal('Awaiting my response');
      expect(faq.ask('What should I do if the seller is not responding to my messages?').kind).to.equal('unknown');
      expect(answered(faq.ask('When will I get an update on my dispute?')).id).to.equal('after-submitting');
      expect(answered(faq.ask('My complaint about the order says processing, what does it mean?')).status).to.equal('Processing');
      expect(answered(faq.ask('Why was my complaint closed?')).status).to.equal('Case Closed');
    });

    it('a product listing, a refund policy or a message about a product is not a complaint', () => {
      for (const q of [
        'How many photos can I upload to a product listing?',
        "What is AliExpress's refund policy?",
        "How do I respond to a buyer's message about my product?",
      ]) {
        expect(faq.ask(q).kind, q).to.equal('unknown');
      }
      expect(answered(faq.ask('A buyer complained about my product, what do I do?')).id).to.equal('complaint-against-me');
    });

    it('a complaint taken to another body or about a carrier is not filed here', () => {
      for (const q of ['How do I file a complaint with the FTC?', 'can I file a dispute with paypal', 'How do I complain about the delivery company?']) {
        expect(faq.ask(q).kind, q).to.equal('unknown');
      }
      expect(answered(faq.ask('How do I file a complaint with Alibaba?')).id).to.equal('submit-complaint');
      expect(answered(faq.ask('I have a complaint with regards to a supplier')).faq).to.equal(1);
    });

    it('tells "I wait" from "waiting for me", and reads "I need to respond" as my turn', () => {
      expect(answered(faq.ask('Do I just wait after I file a complaint?')).id).to.equal('after-submitting');
      expect(answered(faq.ask('My complaint says I need to respond, what does that mean?')).status).to.equal('Awaiting my response');
      expect(answered(faq.ask('Do I have to reply to a complaint against me?')).id).to.equal('complaint-against-me');
    });

    it('a membership running out, or a password problem, is not a trade dispute', () => {
      for (const q of ['What happens when my membership expires?', 'Could you help me fix my password problem?']) {
        expect(faq.ask(q).kind, q).to.equal('unknown');
      }
      expect(answered(faq.ask('Can you help me get my money back from the supplier?')).id).to.equal('platform-help');
      expect(faq.ask('Can you help me find a supplier for LED lights?').kind).to.equal('unknown');
    });

    it('understands non-native and qualified filing', () => {
      expect(answered(faq.ask('Customer make complaint to my shop, what I must do?')).id).to.equal('complaint-against-me');
      expect(answered(faq.ask('How can a buyer make a complaint?')).faq).to.equal(1);
      expect(answered(faq.ask('How do I make a formal complaint?')).id).to.equal('submit-complaint');
      expect(answered(faq.ask('I have many files to upload to my complaint')).id).to.equal('many-files');
    });
  });

  describe('complaint context for the generic entries', () => {
    it('does not answer everyday how-tos that name no complaint, party, order or evidence', () => {
      for (const q of [
        'How can I report harassment at school?',
        'Can a lawyer help me with a parking ticket?',
        'Can the police help me get my stolen bike back?',
        'How do I upload several photos to Google Drive at once?',
        'How do I send large files to a friend?',
      ]) {
        expect(faq.ask(q).kind, q).to.not.equal('answer');
      }
    });

    it('still answers them when the context is named or nothing foreign is said', () => {
      expect(answered(faq.ask('Can I upload a zip file as evidence in my case?')).id).to.equal('many-files');
      expect(answered(faq.ask('Can I upload screenshots from my phone as a zip?')).id).to.equal('many-files');
      expect(answered(faq.ask('Can the police help me with my dispute against the supplier?')).faq).to.equal(4);
      expect(answered(faq.ask('will alibaba help?')).id).to.equal('platform-help');
    });
  });

  describe('close calls', () => {
    it('offers two or three distinct suggestions, best first', () => {
      // Evidence matters both to the one filing and to the one answering: a genuine close call.
      const r = faq.ask('evidence for my complaint');
      expect(r.kind).to.equal('suggest');
      if (r.kind !== 'suggest') return;
      expect(r.suggestions.length).to.be.within(2, 3);
      expect(new Set(r.suggestions.map((s) => s.id)).size).to.equal(r.suggestions.length);
      expect(r.suggestions.map((s) => s.id)).to.include('complaint-against-me');
      const scores = r.suggestions.map((s) => s.score);
      expect(scores[0]).to.be.at.least(scores[scores.length - 1]);
    });

    it('a suggestion asked back (its question text) answers that entry', () => {
      for (const entry of faq.entries()) {
        expect(answered(faq.ask(entry.question)).id, entry.question).to.equal(entry.id);
      }
    });
  });

  describe('configuration', () => {
    const custom = createFaq({ platform: 'TradeHub', partner: 'ShopNow' });

    it('fills the platform and partner names into answers and questions', () => {
      const all = custom.entries();
      const text = all.map((e) => `${e.question} ${e.answer}`).join(' ');
      expect(text).to.contain('TradeHub');
      expect(text).to.contain('ShopNow');
      expect(text).not.to.match(/Alibaba|AliExpress|\{platform\}|\{partner\}/);
    });

    it('recognises the configured names in questions', () => {
      expect(answered(custom.ask('Will TradeHub help me solve my problem?')).id).to.equal('platform-help');
      expect(answered(custom.ask('I ordered on ShopNow, where do I complain?')).id).to.equal('partner-order-dispute');
    });
  });

  describe('entries()', () => {
    it('lists the seven questions and the five statuses with stable ids and follow-ups', () => {
      const all = faq.entries();
      expect(new Set(all.map((e) => e.id)).size).to.equal(all.length);
      expect([...new Set(all.map((e) => e.faq))].sort()).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
      expect(all.filter((e) => e.status !== null).map((e) => e.status)).to.have.members([
        'Processing',
        'Awaiting my response',
        "Awaiting the other party's response",
        'Case Cancelled',
        'Case Closed',
      ]);
      for (const e of all) {
        expect(e.followUps.length, e.id).to.be.at.least(1);
        expect(e.score).to.equal(1);
      }
    });
  });
});
