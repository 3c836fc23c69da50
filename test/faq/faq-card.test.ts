import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createFaq, faqCards, renderFaqCard } from '../../src/faq/index.js';

const faq = createFaq();

interface CardAction {
  type: string;
  title: string;
  data: { verb: string; question?: string };
}

// Every action of the card, wherever it sits (card actions or an ActionSet in the body).
function actionsOf(card: Record<string, unknown>): CardAction[] {
  const found: CardAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.')) found.push(o as unknown as CardAction);
      Object.values(o).forEach(walk);
    }
  };
  walk(card.body);
  walk(card.actions);
  return found;
}

function texts(card: Record<string, unknown>): string {
  return JSON.stringify(card.body);
}

describe('FAQ answer card', () => {
  it('the template is an Adaptive Card 1.5 with Action.Submit only', () => {
    const tpl = JSON.parse(readFileSync(new URL('../../cards/faq-answer.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(tpl.type).to.equal('AdaptiveCard');
    expect(tpl.version).to.equal('1.5');
    const types = JSON.stringify(tpl).match(/"Action\.[A-Za-z]+"/g) ?? [];
    expect(new Set(types)).to.deep.equal(new Set(['"Action.Submit"']));
  });

  it('an answer shows the question, the answer and its follow-ups as menu verbs', () => {
    const r = faq.ask('someone filed a complaint against me');
    const card = renderFaqCard(r);
    expect(card.version).to.equal('1.5');
    expect(texts(card)).to.contain('What should I do if someone submitted a complaint against me?');
    expect(texts(card)).to.contain('proof of shipment');
    expect(actionsOf(card).map((a) => a.data.verb)).to.deep.equal(['menu.respond', 'menu.cases', 'menu.human']);
    expect(actionsOf(card).every((a) => a.type === 'Action.Submit')).to.equal(true);
    expect(JSON.stringify(card)).not.to.contain('${');
  });

  it('a close call offers the suggested questions as faq.ask buttons', () => {
    const entries = faq.entries();
    const card = renderFaqCard({ kind: 'suggest', suggestions: [entries[0], entries[5]] });
    const asks = actionsOf(card).filter((a) => a.data.verb === 'faq.ask');
    expect(asks.map((a) => a.data.question)).to.deep.equal([entries[0].question, entries[5].question]);
    expect(asks.map((a) => a.title)).to.deep.equal([entries[0].question, entries[5].question]);
    expect(actionsOf(card).map((a) => a.data.verb)).to.include('menu.human');
  });

  it('"unknown" says so and offers the menu and a person', () => {
    const card = renderFaqCard(faq.ask('what is the weather tomorrow'));
    expect(texts(card)).to.contain("I don't know that one");
    expect(actionsOf(card).map((a) => a.data.verb)).to.deep.equal(['menu.file', 'menu.respond', 'menu.cases', 'menu.human']);
  });

  it('faqCards renders attachments for the chat layer', () => {
    const match = faq.entries()[0];
    const a = faqCards.answer(match);
    expect(a.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(a.content)).to.contain(match.question);
    const s = faqCards.suggestions(faq.entries().slice(0, 3));
    expect(actionsOf(s.content as Record<string, unknown>).filter((x) => x.data.verb === 'faq.ask')).to.have.length(3);
  });
});
