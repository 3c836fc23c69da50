// Filing through the cards: the whole path, the partner-site branch, form validation with the input
// kept, editing from the summary, evidence files from the chat, and a double submit that files once.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeWorld, seen, cardsOf, type World } from './support/harness.js';
import { inputs } from './support/card-check.js';
import { BUYER, SUPPLIER, fileFraud, verifyOnCard } from './support/flows.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

describe('bot: filing a complaint', () => {
  let w: World;
  before(async () => {
    w = await makeWorld('bot_filing');
  });

  it('a new user files a complaint through cards alone and sees the case number, status and the liability note', async () => {
    const u = w.user('filer-1', { name: 'Ann' });
    const welcome = await u.send({ type: 'conversationUpdate', membersAdded: [{ id: 'filer-1', name: 'Ann' }, { id: 'bot', name: 'bot' }] });
    expect(seen(welcome)).to.include('Complaint Center');
    const verify = await u.press('File a complaint');
    expect(seen(verify)).to.include('Confirm your email address');
    // The name the channel gave is offered; company unknown, asked here.
    const nameInput = inputs(cardsOf(verify)[0]).find((i) => i.id === 'name');
    expect(nameInput?.value).to.equal('Ann');
    const confirmed = await verifyOnCard(w, u, BUYER);
    expect(confirmed).to.include('confirmed');
    expect(confirmed).to.include('complaint type');
    await u.press('Continue', { typeId: 'fraud' });
    await u.press('Continue', { incidentDate: '2026-01-02', amountLost: '$300', description: 'Asked to pay outside the platform.' });
    const evidence = await u.press('Continue', { respondentCompany: 'Bad Co', respondentEmail: 'Sales@Bad.example' });
    expect(seen(evidence)).to.include('seen by both parties and the support team');
    expect(seen(evidence)).to.include('zip');
    const summary = await u.press(/Skip/);
    expect(seen(summary)).to.include('Check your complaint').and.include('sales@bad.example').and.include('300.00 USD');
    const done = await u.press('Submit complaint');
    const text = seen(done);
    const number = /C-\d{4}-\d{6}/.exec(text)?.[0];
    expect(number).to.be.a('string');
    expect(text).to.include("Awaiting the other party's response").and.include("'Processing'");
    expect(text).to.include('not liable or legally responsible for trade disputes');
    expect(text).to.include('local law enforcement agency');
    const stored = await w.caseService.getByNumber(number!);
    expect(stored?.typeId).to.equal('fraud');
    expect(stored?.fields).to.include({ incidentDate: '2026-01-02', amountLost: '300.00 USD' });
    expect(stored?.respondent).to.deep.include({ company: 'Bad Co', email: 'sales@bad.example' });
    expect(stored?.complainant).to.deep.include({ name: BUYER.name, company: BUYER.company, email: BUYER.email });
  });

  it('verification is asked once per user: the second complaint starts at the type', async () => {
    const u = w.user('filer-2');
    await fileFraud(w, u, { verify: { ...BUYER, email: 'two@buyer.example' } });
    const again = await u.click({ verify: undefined, verb: 'menu.file' });
    expect(seen(again)).to.include('complaint type').and.not.include('Confirm your email address');
  });

  it('partner-site branch: an order placed on AliExpress gets the steps there and no case is made', async () => {
    const u = w.user('filer-3');
    await u.click({ verb: 'menu.file' });
    await verifyOnCard(w, u, { ...BUYER, email: 'three@buyer.example' });
    const q = await u.press('Continue', { typeId: 'order_not_received' });
    expect(seen(q)).to.include('Did you place this order on AliExpress?');
    const r = await u.press('Yes, on AliExpress');
    const text = seen(r);
    expect(text).to.include("haven't created a case");
    expect(text).to.include("Sign in to 'My Orders'").and.include("'All orders'").and.include("'Open Dispute'");
    const member = await w.memberService.findByEmail('three@buyer.example');
    expect(await w.caseService.listForMember(member[0])).to.have.length(0);
    // The question card is used up: pressing "No" on it now is a stale click.
    const stale = await u.click(cardsOf(q)[0].actions ? (cardsOf(q)[0].actions as Record<string, unknown>[])[1].data as Record<string, unknown> : {});
    expect(seen(stale)).to.include('already finished');
  });

  it('partner-site branch also works with typed answers: the type by name, then "yes"', async () => {
    const u = w.user('filer-3t');
    await u.click({ verb: 'menu.file' });
    await verifyOnCard(w, u, { ...BUYER, email: 'three-t@buyer.example' });
    expect(seen(await u.send('Other trade disputes'))).to.include('Did you place this order on AliExpress?');
    const r = seen(await u.send('yes'));
    expect(r).to.include("'Open Dispute'").and.include("haven't created a case");
  });

  it('partner-site branch: "No" goes on to the form of the trade-dispute type', async () => {
    const u = w.user('filer-4');
    await u.click({ verb: 'menu.file' });
    await verifyOnCard(w, u, { ...BUYER, email: 'four@buyer.example' });
    await u.press('Continue', { typeId: 'not_as_described' });
    const form = await u.press('No, somewhere else');
    expect(seen(form)).to.include('Products are not as described').and.include('Order number');
  });

  it('form errors come back in the card, next to the fields, with what the user typed kept', async () => {
    const u = w.user('filer-5');
    await u.click({ verb: 'menu.file' });
    await verifyOnCard(w, u, { ...BUYER, email: 'five@buyer.example' });
    const noType = await u.press('Continue', {});
    expect(seen(noType)).to.include('Please choose one of the complaint types.');
    await u.press('Continue', { typeId: 'order_not_received' });
    await u.press('No, somewhere else');
    const bad = await u.press('Continue', { orderNumber: 'PO-77', orderDate: '2026-02-30', amountPaid: '1250', paymentMethod: 'Cash in hand', description: '' });
    const card = cardsOf(bad)[0];
    const text = seen(bad);
    expect(text).to.include('Some answers need a fix');
    expect(text).to.include('Order date must be a date');
    expect(text).to.include('please add the currency');
    expect(text).to.include('Payment method must be one of');
    expect(text).to.include('What happened is required.');
    const byId = Object.fromEntries(inputs(card).map((i) => [i.id, i.value]));
    expect(byId).to.include({ orderNumber: 'PO-77', orderDate: '2026-02-30', amountPaid: '1250' });
    const body = JSON.stringify(card);
    expect(body.indexOf('Order date must be a date')).to.be.greaterThan(body.indexOf('"id":"orderDate"'));
    expect(body.indexOf('Order date must be a date')).to.be.lessThan(body.indexOf('"id":"amountPaid"'));
    const ok = await u.press('Continue', { orderNumber: 'PO-77', orderDate: '2026-02-03', amountPaid: '1250 usd', paymentMethod: 'bank transfer', description: 'Paid, nothing came.' });
    expect(seen(ok)).to.include('Who is the complaint against?');
    const badResp = await u.press('Continue', { respondentCompany: '', respondentEmail: 'five@buyer.example' });
    expect(seen(badResp)).to.include('Please name the company').and.include('your own email address');
    expect(inputs(cardsOf(badResp)[0]).find((i) => i.id === 'respondentEmail')?.value).to.equal('five@buyer.example');
  });

  it('the summary offers Edit: a changed answer returns to the summary', async () => {
    const u = w.user('filer-6');
    await u.click({ verb: 'menu.file' });
    await verifyOnCard(w, u, { ...BUYER, email: 'six@buyer.example' });
    await u.press('Continue', { typeId: 'other' });
    await u.press('Continue', { subject: 'Rude messages', description: 'Insults.' });
    await u.press('Continue', { respondentCompany: 'Old Co', respondentEmail: 'old@co.example' });
    await u.press(/Skip/);
    const edit = await u.press('Edit other party');
    expect(inputs(cardsOf(edit)[0]).find((i) => i.id === 'respondentCompany')?.value).to.equal('Old Co');
    const summary = await u.press('Continue', { respondentCompany: 'New Co', respondentEmail: 'new@co.example' });
    expect(seen(summary)).to.include('Check your complaint').and.include('New Co').and.not.include('Old Co');
  });

  it('evidence sent as chat attachments is stored (after the warning) and recorded on the filed case', async () => {
    const server: Server = createServer((req, res) => {
      if (req.url === '/files/contract.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(PDF);
      } else if (req.url === '/files/big.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(Buffer.concat([PDF, Buffer.alloc(70 * 1024, 32)]));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/files`;
    try {
      const u = w.user('filer-7');
      // Files sent outside an evidence step are not stored.
      const early = await u.send({ attachments: [{ contentType: 'application/pdf', contentUrl: `${base}/contract.pdf`, name: 'contract.pdf' }] });
      expect(seen(early)).to.include('Nothing was stored');
      await u.click({ verb: 'menu.file' });
      await verifyOnCard(w, u, { ...BUYER, email: 'seven@buyer.example' });
      await u.press('Continue', { typeId: 'fraud' });
      await u.press('Continue', { incidentDate: '2026-01-02', description: 'Scam.' });
      await u.press('Continue', { respondentCompany: 'Bad Co', respondentEmail: SUPPLIER.email });
      const up = await u.send({
        attachments: [
          { contentType: 'application/pdf', contentUrl: `${base}/contract.pdf`, name: 'contract.pdf' },
          { contentType: 'application/pdf', contentUrl: `${base}/big.pdf`, name: 'big.pdf' },
        ],
      });
      const text = seen(up);
      expect(text).to.include('Received: contract.pdf');
      expect(text).to.include('larger than 64 KB');
      expect(text).to.include('seen by both parties');
      const summary = await u.press('Continue');
      expect(seen(summary)).to.include('contract.pdf');
      const done = await u.press('Submit complaint');
      const number = /C-\d{4}-\d{6}/.exec(seen(done))![0];
      const c = await w.caseService.getByNumber(number);
      expect(c?.evidence.map((e) => e.name)).to.deep.equal(['contract.pdf']);
      expect(c?.evidence[0].uploadedBy).to.equal('complainant');
      // The file belongs to the case in the evidence store too (downloads are checked by case).
      const opened = await w.evidenceStore.get(c!.evidence[0].fileId, { caseNumber: number });
      expect(opened.name).to.equal('contract.pdf');
      // The draft copy made while the case did not exist is gone: only the case's copy is stored.
      const drafts = await w.db.collection('evidence.files').countDocuments({ 'metadata.caseNumber': /^draft-/ });
      expect(drafts).to.equal(0);
      expect(await w.evidenceStore.count(number)).to.equal(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a double click on Submit files one case; the second click is told the number', async () => {
    const u = w.user('filer-8');
    await u.click({ verb: 'menu.file' });
    await verifyOnCard(w, u, { ...BUYER, email: 'eight@buyer.example' });
    await u.press('Continue', { typeId: 'fraud' });
    await u.press('Continue', { incidentDate: '2026-01-02', description: 'Scam.' });
    await u.press('Continue', { respondentCompany: 'Bad Co', respondentEmail: SUPPLIER.email });
    await u.press(/Skip/);
    const submit = u.button('Submit complaint');
    const first = await u.click(submit);
    const second = await u.click(submit);
    const number = /C-\d{4}-\d{6}/.exec(seen(first))![0];
    expect(seen(second)).to.include(`already submitted as ${number}`);
    const member = (await w.memberService.findByEmail('eight@buyer.example'))[0];
    expect(await w.caseService.listForMember(member)).to.have.length(1);
  });

  it('two Submit clicks processed at the same moment still file one case', async () => {
    const u = w.user('filer-9');
    await u.click({ verb: 'menu.file' });
    await verifyOnCard(w, u, { ...BUYER, email: 'nine@buyer.example' });
    await u.press('Continue', { typeId: 'fraud' });
    await u.press('Continue', { incidentDate: '2026-01-02', description: 'Scam.' });
    await u.press('Continue', { respondentCompany: 'Bad Co', respondentEmail: SUPPLIER.email });
    await u.press(/Skip/);
    const submit = u.button('Submit complaint');
    const [a, b] = await Promise.all([u.click(submit), u.click(submit)]);
    const numbers = new Set([...seen(a).matchAll(/C-\d{4}-\d{6}/g), ...seen(b).matchAll(/C-\d{4}-\d{6}/g)].map((m) => m[0]));
    expect(numbers.size).to.equal(1);
    const member = (await w.memberService.findByEmail('nine@buyer.example'))[0];
    expect(await w.caseService.listForMember(member)).to.have.length(1);
  });

  it('Cancel on a step ends the draft; its old cards then answer that it was cancelled', async () => {
    const u = w.user('filer-10');
    await u.click({ verb: 'menu.file' });
    await verifyOnCard(w, u, { ...BUYER, email: 'ten@buyer.example' });
    const typeCard = u.lastCard();
    const r = await u.press('Cancel');
    expect(seen(r)).to.include('Nothing was filed');
    const late = await u.click(u.button('Continue', typeCard), { typeId: 'fraud' });
    expect(seen(late)).to.include('cancelled');
    expect(seen(late)).to.include('What would you like to do?');
  });
});
