// What one party typed reaches the other party's cards as literal text: a complaint field, a company
// name or a statement written as markdown must not become a disguised link or a tracking image.
import { expect } from 'chai';
import { makeWorld, seen, type World } from './support/harness.js';
import { verifyOnCard } from './support/flows.js';

const LINK = '[Pay the refund fee here](https://evil.example/pay)';
const IMAGE = '![](http://tracker.example/pixel.gif)';

/** No markdown link or image left live: every "](" the users typed is escaped. */
function noLiveMarkdown(text: string): void {
  expect(text).to.not.match(/(^|[^\\])\]\(/m);
}

describe('bot: markdown typed by one party is shown literally to the other', () => {
  let w: World;
  before(async () => {
    w = await makeWorld('bot_markdown');
  });

  it('complaint fields, company names, the statement and file names are escaped in lists, details and timelines', async () => {
    const buyer = w.user('md-buyer');
    await buyer.click({ verb: 'menu.file' });
    await verifyOnCard(w, buyer, { name: 'Ann', company: `**Buyer** ${LINK}`, email: 'md@buyer.example' });
    await buyer.press('Continue', { typeId: 'fraud' });
    await buyer.press('Continue', { incidentDate: '2026-01-02', description: `They cheated me. ${LINK} ${IMAGE}` });
    await buyer.press('Continue', { respondentCompany: `Bad Co ${IMAGE}`, respondentEmail: 'md@seller.example' });
    await buyer.press(/Skip/);
    const number = /C-\d{4}-\d{6}/.exec(seen(await buyer.press('Submit complaint')))![0];

    const seller = w.user('md-seller');
    await seller.send('I want to respond to a complaint');
    const list = await verifyOnCard(w, seller, { name: 'Sam', company: 'Seller', email: 'md@seller.example' });
    expect(list).to.include(number).and.include('\\*\\*Buyer\\*\\* \\[Pay the refund fee here\\](https://evil.example/pay)');
    noLiveMarkdown(list);

    const detail = seen(await seller.click({ verb: 'case.view', caseNumber: number }));
    expect(detail).to.include('They cheated me. \\[Pay the refund fee here\\](https://evil.example/pay) !\\[\\](http://tracker.example/pixel.gif)');
    noLiveMarkdown(detail);

    await seller.press('Respond now');
    await seller.press('Continue', { statement: `Not true. See ${LINK}` });
    await seller.press('Send my response');
    const buyerView = seen(await buyer.click({ verb: 'case.view', caseNumber: number }));
    expect(buyerView).to.include('The other party responded: “Not true. See \\[Pay the refund fee here\\](https://evil.example/pay)”');
    expect(buyerView).to.include('Bad Co !\\[\\](http://tracker.example/pixel.gif)');
    noLiveMarkdown(buyerView);
    const buyerList = seen(await buyer.click({ verb: 'menu.cases' }));
    noLiveMarkdown(buyerList);
  });

  it('template expressions in typed text are not evaluated by the card templating', async () => {
    const buyer = w.user('md-buyer-2');
    await buyer.click({ verb: 'menu.file' });
    await verifyOnCard(w, buyer, { name: 'Ann', company: 'Buyer', email: 'md2@buyer.example' });
    await buyer.press('Continue', { typeId: 'fraud' });
    await buyer.press('Continue', { incidentDate: '2026-01-02', description: 'Look: ${number} ${$root.number}' });
    await buyer.press('Continue', { respondentCompany: 'Co', respondentEmail: 'md2@seller.example' });
    await buyer.press(/Skip/);
    const number = /C-\d{4}-\d{6}/.exec(seen(await buyer.press('Submit complaint')))![0];
    const detail = seen(await buyer.click({ verb: 'case.view', caseNumber: number }));
    expect(detail).to.include('Look: ${number} ${$root.number}');
  });
});
