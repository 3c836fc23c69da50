// Responding: only while the member's view is "Awaiting my response"; otherwise the bot explains why
// (the source's "I can't respond to all complaints"). A response with evidence changes both views.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeWorld, seen, type World } from './support/harness.js';
import { BUYER, SUPPLIER, fileFraud, verifyOnCard } from './support/flows.js';

describe('bot: responding to a complaint', () => {
  let w: World;
  let server: Server;
  let base: string;
  before(async () => {
    w = await makeWorld('bot_respond');
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('Tracking number 1Z999 shipped 2026-01-03\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("the complainant cannot respond to its own case while it awaits the other party: the bot says why", async () => {
    const buyer = w.user('resp-buyer-1');
    const number = await fileFraud(w, buyer, { verify: BUYER });
    const r = seen(await buyer.click({ verb: 'case.respond', caseNumber: number }));
    expect(r).to.include(`I can't take a response for ${number}`);
    expect(r).to.include("'Awaiting my response'").and.include("'Awaiting the other party's response'");
    expect(r).to.include('within the period stated');
    // The detail card offers no Respond now.
    await buyer.click({ verb: 'case.view', caseNumber: number });
    expect(() => buyer.button('Respond now')).to.throw();
  });

  it('with nothing awaiting, "respond" explains the statuses instead of a list', async () => {
    const u = w.user('resp-nobody');
    await u.send('respond');
    const r = await verifyOnCard(w, u, { name: 'Nob', company: 'Nob Co', email: 'nobody@nob.example' });
    expect(r).to.include('No complaint is waiting for your response');
    expect(r).to.include("'Awaiting the other party's response' or 'Processing'");
  });

  it('the respondent verifies the respondent email, answers with a statement and a file, and both views change', async () => {
    const buyer = w.user('resp-buyer-2');
    const number = await fileFraud(w, buyer, { verify: { ...BUYER, email: 'b2@buyer.example' }, respondent: { ...SUPPLIER, email: 'ops@supplier2.example' } });
    const seller = w.user('resp-seller-2', { timeZone: 'Asia/Shanghai' });
    await seller.send('I want to respond to a complaint');
    const list = await verifyOnCard(w, seller, { name: 'Sam', company: 'Supplier Two', email: 'ops@supplier2.example' });
    expect(list).to.include('Complaints awaiting your response').and.include(number).and.include('Awaiting my response');
    expect(list).to.include('(Asia/Shanghai)').and.match(/\d+ days? .*left/);
    const detail = await seller.press('Open and respond');
    expect(seen(detail)).to.include('Awaiting my response').and.include('They asked me to pay outside the platform.');
    const form = await seller.press('Respond now');
    expect(seen(form)).to.include('proof of shipment').and.include('sales contract');
    const empty = await seller.press('Continue', { statement: '   ' });
    expect(seen(empty)).to.include('Please write your statement.');
    const ev = await seller.press('Continue', { statement: 'We shipped on time; tracking attached.' });
    expect(seen(ev)).to.include('seen by both parties');
    const up = await seller.send({ attachments: [{ contentType: 'text/plain', contentUrl: `${base}/tracking.txt`, name: 'tracking.txt' }] });
    expect(seen(up)).to.include(`Added to ${number}: tracking.txt`);
    const sent = await seller.press('Send my response');
    expect(seen(sent)).to.include('Your response has been sent').and.include('Processing');
    const c = await w.caseService.getByNumber(number);
    expect(c?.state).to.equal('processing');
    expect(c?.evidence.map((e) => [e.name, e.uploadedBy])).to.deep.equal([['tracking.txt', 'respondent']]);
    // The complainant's view changed too, and the timeline shows the response.
    const buyerView = seen(await buyer.click({ verb: 'case.view', caseNumber: number }));
    expect(buyerView).to.include('Processing').and.include('The other party responded').and.include('tracking.txt');
    // Responding again is explained, not accepted.
    const again = seen(await seller.click({ verb: 'case.respond', caseNumber: number }));
    expect(again).to.include("This case is 'Processing'");
  });
});
