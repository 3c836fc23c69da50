// The "done when": a new user files a complaint through cards alone, a second user verifies
// the respondent email and answers it, and each sees the source's status labels at every step.
import { expect } from 'chai';
import { makeWorld, seen } from './support/harness.js';
import { verifyOnCard } from './support/flows.js';

const PROCESSING = 'Processing';
const MINE = 'Awaiting my response';
const OTHERS = "Awaiting the other party's response";
const CANCELLED = 'Case Cancelled';
const CLOSED = 'Case Closed';

describe('bot: a whole complaint, both sides, by cards', () => {
  it('buyer files, supplier verifies and answers, support asks the buyer, both follow every label', async () => {
    const w = await makeWorld('bot_scenario');
    const buyer = w.user('buyer', { name: 'Bea', timeZone: 'Europe/Paris' });
    const seller = w.user('seller', { name: 'Sid', timeZone: 'Asia/Shanghai' });

    // The buyer, new, only presses buttons and fills cards.
    expect(seen(await buyer.send({ type: 'conversationUpdate', membersAdded: [{ id: 'buyer', name: '' }] }))).to.include('Complaint Center');
    await buyer.press('File a complaint');
    await verifyOnCard(w, buyer, { name: 'Bea Buyer', company: 'Bea Imports', email: 'bea@imports.example' });
    await buyer.press('Continue', { typeId: 'not_as_described' });
    await buyer.press('No, somewhere else');
    await buyer.press('Continue', { orderNumber: 'SO-5521', receivedDate: '2026-11-02', orderValue: '980 EUR', problem: 'Quality', quantityAffected: '40', description: 'Cracked casings on 40 of 100 units.' });
    await buyer.press('Continue', { respondentCompany: 'Sid Manufacturing', respondentEmail: 'export@sid.example' });
    await buyer.press(/Skip/);
    const submitted = seen(await buyer.press('Submit complaint'));
    const number = /C-\d{4}-\d{6}/.exec(submitted)![0];
    expect(submitted).to.include(OTHERS).and.include(`'${PROCESSING}'`).and.include('(Europe/Paris)');
    expect(seen(await buyer.press('My cases'))).to.include(number).and.include(OTHERS);

    // The supplier, also new: verifies the address the complaint names, sees it awaiting its response.
    await seller.send({ type: 'conversationUpdate', membersAdded: [{ id: 'seller', name: '' }] });
    await seller.press('Respond to a complaint');
    const list = await verifyOnCard(w, seller, { name: 'Sid', company: 'Sid Manufacturing', email: 'export@sid.example' });
    expect(list).to.include(number).and.include(MINE).and.include('(Asia/Shanghai)');
    const detail = seen(await seller.press('Open and respond'));
    expect(detail).to.include(MINE).and.include('Cracked casings').and.include('You need to respond to the complaint within the period stated');
    await seller.press('Respond now');
    await seller.press('Continue', { statement: 'Casings were intact at loading; see the inspection report.' });
    const sent = seen(await seller.press('Send my response'));
    expect(sent).to.include(PROCESSING);
    expect(seen(await seller.press('My cases'))).to.include(number).and.include(PROCESSING);
    expect(seen(await buyer.click({ verb: 'case.view', caseNumber: number }))).to.include(PROCESSING).and.include('The other party responded');

    // Support asks the buyer for more: the labels swap.
    await w.caseService.requestResponse(number, 'complainant', { note: 'Please send photos.' });
    expect(seen(await buyer.click({ verb: 'menu.cases' }))).to.include(MINE);
    expect(seen(await seller.click({ verb: 'menu.cases' }))).to.include(OTHERS);
    // The supplier cannot answer now, and is told why.
    expect(seen(await seller.click({ verb: 'case.respond', caseNumber: number }))).to.include(`This case is '${OTHERS}'`);
    await buyer.click({ verb: 'case.view', caseNumber: number });
    await buyer.press('Respond now');
    await buyer.press('Continue', { statement: 'Photos of the cracked units are in the zip.' });
    expect(seen(await buyer.press('Send my response'))).to.include(PROCESSING);

    // Support closes the case: both see Case Closed and what it means.
    await w.caseService.close(number, 'Supplier refunds 40 units.');
    for (const u of [buyer, seller]) {
      const v = seen(await u.click({ verb: 'case.view', caseNumber: number }));
      expect(v).to.include(CLOSED).and.include('The complaint has been resolved.').and.include('Supplier refunds 40 units.');
    }

    // A second complaint, cancelled by the buyer: each side reads who cancelled it.
    await buyer.click({ verb: 'menu.file' });
    await buyer.press('Continue', { typeId: 'other' });
    await buyer.press('Continue', { subject: 'Late replies', description: 'No answers for weeks.' });
    await buyer.press('Continue', { respondentCompany: 'Sid Manufacturing', respondentEmail: 'export@sid.example' });
    await buyer.press(/Skip/);
    const second = /C-\d{4}-\d{6}/.exec(seen(await buyer.press('Submit complaint')))![0];
    await buyer.send(`cancel ${second}`);
    expect(seen(await buyer.press(/Yes, cancel/))).to.include(CANCELLED).and.include('cancelled by you');
    const sellerView = seen(await seller.send(`status ${second}`));
    expect(sellerView).to.include(CANCELLED).and.include('cancelled by the other party');
  });
});
