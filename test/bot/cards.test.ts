// Every card template, rendered with sample data, must parse in the adaptivecards package without
// errors, stay at schema 1.5, and offer only Action.Submit buttons whose data passes the verb schemas.
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { CARD_TEMPLATE_NAMES, cardsDir, type CardJson } from '../../src/bot/cards/templates.js';
import { mainMenuCard, helpCard, questionsCard } from '../../src/bot/cards/menu-cards.js';
import { complaintTypeCard, evidenceCard, partnerQuestionCard, partnerRedirectCard, submittedCard, summaryCard } from '../../src/bot/cards/filing-cards.js';
import { caseDetailCard, caseListCard, confirmCard, outcomeCard, usedCard } from '../../src/bot/cards/case-cards.js';
import { formCard } from '../../src/bot/cards/form-card.js';
import { defaultComplaintTypes } from '../../src/cases/complaint-types.js';
import { STATUS_LABELS } from '../../src/cases/labels.js';
import { createFaq, faqCards } from '../../src/faq/index.js';
import { cardProblems, cardText, inputs, submitActions } from './support/card-check.js';

const names = { platform: 'Alibaba.com', partner: 'AliExpress' };
const flow = 'AbCdEfGhIjKl';

function content(a: { content?: unknown }): CardJson {
  return a.content as CardJson;
}

const samples: Record<string, CardJson> = {
  'main-menu': content(mainMenuCard(names)),
  'main-menu (note)': content(mainMenuCard(names, { intro: 'Hi', note: 'A note' })),
  help: content(helpCard(names)),
  questions: content(questionsCard(names)),
  'complaint-type': content(complaintTypeCard({ flow, types: defaultComplaintTypes() })),
  'complaint-type (error)': content(complaintTypeCard({ flow, types: defaultComplaintTypes(), selected: 'fraud', error: 'Choose one.' })),
  'partner-question': content(partnerQuestionCard(names, flow)),
  'partner-redirect': content(partnerRedirectCard(names)),
  form: content(
    formCard({
      title: 'Complaint form',
      intro: 'Fill in',
      notice: 'Fix these',
      fields: [
        { id: 'a', label: 'Text', kind: 'text', value: 'kept', required: true, error: 'Too long' },
        { id: 'b', label: 'Long', kind: 'multiline', hint: 'Say more' },
        { id: 'c', label: 'Email', kind: 'email', placeholder: 'x@y.z' },
        { id: 'd', label: 'Date', kind: 'date', value: '2026-03-14' },
        { id: 'e', label: 'Choice', kind: 'choice', choices: ['One', 'Two'], value: 'Two' },
      ],
      actions: [
        { title: 'Continue', style: 'positive', data: { verb: 'file.form', flow, step: 'form' } },
        { title: 'Cancel', inputs: 'none', data: { verb: 'flow.cancel', flow, step: 'form' } },
      ],
    }),
  ),
  evidence: content(
    evidenceCard({
      title: 'Evidence',
      warning: 'Everyone sees it',
      intro: 'Attach files',
      zipHint: 'Zip them',
      limits: '10 MB each',
      notice: 'Received: a.pdf',
      files: [{ name: 'a.pdf', size: '1 KB' }],
      actions: [{ title: 'Continue', data: { verb: 'evidence.done', flow, step: 'evidence' } }],
    }),
  ),
  'evidence (empty)': content(
    evidenceCard({ title: 'Evidence', warning: 'w', intro: 'i', zipHint: 'z', limits: 'l', files: [], actions: [{ title: 'Skip', data: { verb: 'evidence.done', flow, step: 'evidence' } }] }),
  ),
  summary: content(
    summaryCard({
      flow,
      key: 'KeyKeyKeyKey1234',
      complaint: [{ title: 'Type', value: 'Fraud' }],
      respondent: [{ title: 'Company', value: 'ACME' }],
      files: [],
      footer: 'After you submit…',
    }),
  ),
  submitted: content(
    submittedCard({
      number: 'C-2026-000001',
      typeTitle: 'Fraud',
      status: 'Processing',
      statusMeaning: 'Investigating',
      filedAt: '1 Dec 2026, 10:00 UTC',
      next: ['One', 'Two'],
      liabilityNote: 'Not liable',
    }),
  ),
  'case-list': content(
    caseListCard({
      title: 'My cases',
      empty: 'None',
      cases: [{ number: 'C-2026-000001', typeTitle: 'Fraud', role: 'Complainant', otherParty: 'ACME', status: 'Processing', deadline: '—', timeLeft: '—' }],
      openTitle: 'Open',
      actions: [{ title: 'Main menu', data: { verb: 'menu.main' } }],
    }),
  ),
  'case-list (empty)': content(caseListCard({ title: 'My cases', empty: 'None', cases: [], openTitle: 'Open', actions: [] })),
  'case-detail': content(
    caseDetailCard({
      number: 'C-2026-000001',
      typeTitle: 'Fraud',
      status: 'Awaiting my response',
      statusMeaning: 'Respond',
      facts: [{ title: 'Deadline', value: 'soon' }],
      complaint: [{ title: 'What happened', value: 'Stuff' }],
      evidence: [{ name: 'a.pdf', size: '1 KB', by: 'you', at: '1 Dec 2026', contents: '' }, { name: 'photos.zip', size: '2 MB', by: 'the other party', at: '2 Dec 2026', contents: 'Contains 2 files: a.jpg, b.jpg.' }],
      timeline: [{ at: '1 Dec 2026, 10:00 UTC', text: 'Filed' }],
      note: 'Respond now',
      actions: [
        { title: 'Respond now', data: { verb: 'case.respond', caseNumber: 'C-2026-000001' } },
        { title: 'Add evidence', data: { verb: 'case.evidence', caseNumber: 'C-2026-000001' } },
        { title: 'Cancel complaint', style: 'destructive', data: { verb: 'case.cancel', caseNumber: 'C-2026-000001' } },
      ],
    }),
  ),
  confirm: content(
    confirmCard({
      title: 'Cancel?',
      text: 'Sure?',
      confirmTitle: 'Yes',
      confirmData: { verb: 'cancel.confirm', flow, step: 'confirm', caseNumber: 'C-2026-000001' },
      keepTitle: 'No',
      keepData: { verb: 'flow.cancel', flow, step: 'confirm' },
    }),
  ),
  outcome: content(outcomeCard({ title: 'Done', color: 'Good', facts: [{ title: 'Case', value: 'C-2026-000001' }], paragraphs: ['ok'], note: 'n', actions: [{ title: 'My cases', data: { verb: 'menu.cases' } }] })),
  used: content(usedCard({ title: 'Used', text: 'Continue below' })),
};

describe('bot cards', () => {
  it('the sample set covers every template in cards/ except the foundation welcome card', () => {
    const files = readdirSync(cardsDir())
      .filter((f) => f.endsWith('.json') && f !== 'welcome.json' && !f.startsWith('faq-'))
      .map((f) => f.replace(/\.json$/, ''));
    expect([...CARD_TEMPLATE_NAMES].sort()).to.deep.equal(files.sort());
    const covered = new Set(Object.keys(samples).map((k) => k.split(' ')[0]));
    for (const name of CARD_TEMPLATE_NAMES) expect(covered.has(name), name).to.equal(true);
  });

  for (const [name, card] of Object.entries(samples)) {
    it(`${name}: parses in adaptivecards 1.5 with no errors and only valid Action.Submit`, () => {
      expect(cardProblems(card)).to.deep.equal([]);
    });
  }

  it("the FAQ module's answer and suggestion cards (sent by the bot) are valid and use only verbs the bot accepts", () => {
    const faq = createFaq(names);
    for (const entry of faq.entries()) {
      expect(cardProblems(content(faqCards.answer(entry))), entry.id).to.deep.equal([]);
    }
    expect(cardProblems(content(faqCards.suggestions(faq.entries().slice(0, 3))))).to.deep.equal([]);
  });

  it('the checker really catches bad cards (unknown elements, Action.Execute, missing verbs)', () => {
    const bad = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Bogus' }],
      actions: [
        { type: 'Action.Execute', title: 'x', verb: 'y' },
        { type: 'Action.Submit', title: 'z', data: { action: 'file_complaint' } },
      ],
    };
    const problems = cardProblems(bad);
    expect(problems.some((p) => p.includes('Bogus'))).to.equal(true);
    expect(problems.some((p) => p.includes('Action.Execute'))).to.equal(true);
    expect(problems.some((p) => p.includes('unknown_verb'))).to.equal(true);
  });

  it('the form keeps the typed values and shows each error next to its field', () => {
    const card = samples.form;
    const byId = Object.fromEntries(inputs(card).map((i) => [i.id, i]));
    expect(byId.a.value).to.equal('kept');
    expect(byId.d.type).to.equal('Input.Date');
    expect(byId.e.type).to.equal('Input.ChoiceSet');
    expect(byId.b.isMultiline).to.equal(true);
    const body = JSON.stringify(card);
    expect(body.indexOf('Too long')).to.be.greaterThan(body.indexOf('"id":"a"'));
    expect(body.indexOf('Too long')).to.be.lessThan(body.indexOf('"id":"b"'));
    // Cancel must not run the inputs' client-side validation.
    const cancel = submitActions(card).find((a) => a.title === 'Cancel');
    expect(cancel?.data.verb).to.equal('flow.cancel');
  });

  it('the summary card carries the idempotency key and the flow id in its Submit', () => {
    const submit = submitActions(samples.summary).find((a) => a.data.verb === 'file.submit');
    expect(submit?.data).to.include({ flow, key: 'KeyKeyKeyKey1234', step: 'summary' });
  });

  it('the help card lists the five status labels exactly as the source writes them', () => {
    const text = cardText(samples.help);
    for (const label of STATUS_LABELS) expect(text).to.include(label);
  });
});
