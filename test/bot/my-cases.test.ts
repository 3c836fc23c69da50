// My cases: the list and the detail card with the timeline; cancelling (complainant only, confirmed);
// adding evidence while the case is not final.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeWorld, seen, type World } from './support/harness.js';
import { BUYER, SUPPLIER, fileFraud, verifyOnCard } from './support/flows.js';

describe('bot: my cases, cancel and add evidence', () => {
  let w: World;
  before(async () => {
    w = await makeWorld('bot_cases');
  });

  it('lists my cases with number, type, other party, my label and deadline; the detail shows the timeline', async () => {
    const u = w.user('cases-1', { timeZone: 'Europe/Berlin' });
    const number = await fileFraud(w, u, { verify: BUYER });
    const list = seen(await u.send('my cases'));
    expect(list).to.include(number).and.include('Fraud or suspicious member').and.include('Bad Co');
    expect(list).to.include("Awaiting the other party's response").and.include('(Europe/Berlin)');
    const detail = seen(await u.press('Open'));
    expect(detail).to.include('Timeline').and.include('You filed the complaint').and.include('asked the other party to respond by');
    expect(detail).to.include('Deadline').and.include('Time left');
    // Free text finds the same case.
    expect(seen(await u.send(`status of ${number}`))).to.include('You filed the complaint');
  });

  it('an empty list says how cases get there', async () => {
    const u = w.user('cases-empty');
    expect(seen(await u.click({ verb: 'menu.cases' }))).to.include("You don't have any cases yet");
  });

  it('cancel asks for confirmation; "keep" changes nothing, "yes" cancels and the label becomes Case Cancelled', async () => {
    const u = w.user('cases-2');
    const number = await fileFraud(w, u, { verify: { ...BUYER, email: 'c2@buyer.example' } });
    await u.click({ verb: 'case.view', caseNumber: number });
    const confirm = await u.press('Cancel complaint');
    expect(seen(confirm)).to.include(`Do you really want to cancel ${number}?`);
    const kept = await u.press('No, keep it');
    expect(seen(kept)).to.include('stays as it is');
    expect((await w.caseService.getByNumber(number))?.state).to.equal('awaiting_respondent');
    await u.send(`cancel ${number}`);
    const confirmCard = u.lastCard();
    const done = await u.press(/Yes, cancel/);
    expect(seen(done)).to.include('Case Cancelled').and.include('cancelled by you');
    expect((await w.caseService.getByNumber(number))?.state).to.equal('cancelled');
    // The old confirmation again: a finished step, nothing happens twice.
    const late = await u.click(u.button(/Yes, cancel/, confirmCard));
    expect(seen(late)).to.include('already finished');
    // A final case: no more cancelling or evidence, and the reason is given.
    expect(seen(await u.click({ verb: 'case.cancel', caseNumber: number }))).to.include("can't be cancelled").and.include('Case Cancelled');
    expect(seen(await u.click({ verb: 'case.evidence', caseNumber: number }))).to.include('No more evidence can be added');
  });

  it('the respondent cannot cancel the complaint', async () => {
    const buyer = w.user('cases-3b');
    const number = await fileFraud(w, buyer, { verify: { ...BUYER, email: 'c3@buyer.example' }, respondent: { ...SUPPLIER, email: 'c3@seller.example' } });
    const seller = w.user('cases-3s');
    await seller.click({ verb: 'menu.respond' });
    await verifyOnCard(w, seller, { ...SUPPLIER, email: 'c3@seller.example' });
    await seller.click({ verb: 'case.view', caseNumber: number });
    expect(() => seller.button('Cancel complaint')).to.throw();
    const r = seen(await seller.click({ verb: 'case.cancel', caseNumber: number }));
    expect(r).to.include('Only the member who filed the complaint can cancel it.');
  });

  it('adds evidence to an open case after the warning; the detail lists the file', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end('date,amount\n2026-01-01,300\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/payments.csv`;
      const u = w.user('cases-4');
      const number = await fileFraud(w, u, { verify: { ...BUYER, email: 'c4@buyer.example' } });
      await u.click({ verb: 'case.view', caseNumber: number });
      const warn = await u.press('Add evidence');
      expect(seen(warn)).to.include('seen by both parties and the support team').and.include('This case has 0 files so far');
      const up = await u.send({ attachments: [{ contentType: 'text/csv', contentUrl: url, name: 'payments.csv' }] });
      expect(seen(up)).to.include(`Added to ${number}: payments.csv`);
      const done = await u.press('Done');
      expect(seen(done)).to.include(`1 file added to ${number}`);
      const detail = seen(await u.click({ verb: 'case.view', caseNumber: number }));
      expect(detail).to.include('payments.csv').and.include('You added the file');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
