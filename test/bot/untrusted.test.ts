// Card data is untrusted: unknown verbs, malformed fields, forged case numbers, forged keys and
// skipped steps are refused clearly (with the menu), never crash a turn and never reveal a case.
import { expect } from 'chai';
import { makeWorld, seen, type World } from './support/harness.js';
import { BUYER, SUPPLIER, fileFraud, verifyOnCard } from './support/flows.js';

describe('bot: untrusted card submissions', () => {
  let w: World;
  let number: string;
  before(async () => {
    w = await makeWorld('bot_untrusted');
    number = await fileFraud(w, w.user('victim'), { verify: BUYER });
  });

  it('an unknown verb, a missing verb or a non-object value is refused, with the menu', async () => {
    const u = w.user('forger-1');
    for (const value of [{ verb: 'admin.closeAll' }, { action: 'file_complaint' }, 'menu.file', [1, 2], 42]) {
      const r = await u.send({ value });
      const text = seen(r);
      expect(text, JSON.stringify(value)).to.include("I can't act on that");
      expect(text).to.include('What would you like to do?');
    }
  });

  it('bad fields of a known verb are refused: malformed flow id, oversized values, wrong enum', async () => {
    const u = w.user('forger-2');
    const cases = [
      { verb: 'file.partner', flow: 'x', step: 'partner', answer: 'yes' },
      { verb: 'file.partner', flow: 'AbCdEfGhIjKl', step: 'partner', answer: 'maybe' },
      { verb: 'case.view', caseNumber: { $ne: null } },
      { verb: 'verify.details', flow: 'AbCdEfGhIjKl', step: 'details', name: 'x'.repeat(20_000) },
      { verb: 'faq.ask' },
    ];
    for (const value of cases) {
      const r = await u.send({ value });
      expect(seen(r), JSON.stringify(value).slice(0, 80)).to.include("the card's data didn't pass my checks");
    }
  });

  it('a form submission with thousands of extra keys, or __proto__ keys, is refused or ignored without harm', async () => {
    const u = w.user('forger-keys');
    const many: Record<string, unknown> = { verb: 'file.form', flow: 'AbCdEfGhIjKl', step: 'form' };
    for (let i = 0; i < 5000; i++) many[`k${i}`] = 'x'.repeat(100);
    expect(seen(await u.send({ value: many }))).to.include("the card's data didn't pass my checks");
    const polluted = JSON.parse('{"verb":"menu.main","__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}') as object;
    expect(seen(await u.send({ value: polluted }))).to.include('What would you like to do?');
    expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
  });

  it('malformed activity fields (a client may send any JSON) get a normal answer, not a failed turn', async () => {
    const malformed: Array<Record<string, unknown>> = [
      { text: 42 },
      { text: { a: 1 } },
      { attachments: 'x' },
      { attachments: [null, 7] },
      { attachments: [{ contentUrl: 5, name: { x: 1 } }] },
      { value: { verb: 'menu.main' }, attachments: {} },
      { text: '', from: { id: 'forger-shape', name: { x: 1 } } },
    ];
    for (const [i, activity] of malformed.entries()) {
      const u = w.user(`forger-shape-${i}`);
      const r = await u.send(activity as never);
      expect(seen(r), JSON.stringify(activity)).to.include('What would you like to do?');
    }
  });

  it("a forged case number answers exactly like a case that does not exist", async () => {
    const u = w.user('forger-3');
    const forged = seen(await u.click({ verb: 'case.view', caseNumber: number }));
    const missing = seen(await u.click({ verb: 'case.view', caseNumber: 'C-2026-999999' }));
    const garbage = seen(await u.click({ verb: 'case.view', caseNumber: 'DROP-TABLE' }));
    expect(forged).to.not.include(number);
    expect(forged).to.equal(missing);
    expect(garbage).to.equal(missing);
    expect(forged).to.include('No case with that number was found');
    for (const verb of ['case.cancel', 'case.evidence']) {
      const r = seen(await u.click({ verb, caseNumber: number }));
      expect(r, verb).to.include('No case with that number was found');
    }
    // Responding needs a verified email first: the case is neither shown nor named.
    const respond = seen(await u.click({ verb: 'case.respond', caseNumber: number }));
    expect(respond).to.include('Confirm your email address').and.not.include(number);
    const c = await w.caseService.getByNumber(number);
    expect(c?.state).to.equal('awaiting_respondent');
  });

  it('a verified stranger also gets "not found" for somebody else\'s case, by text too', async () => {
    const u = w.user('forger-4');
    await u.click({ verb: 'menu.respond' });
    await verifyOnCard(w, u, { name: 'Eve', company: 'Eve Inc', email: 'eve@evil.example' });
    expect(seen(await u.send(`status of ${number}`))).to.include('No case with that number was found');
    expect(seen(await u.send(`cancel ${number}`))).to.include('No case with that number was found');
  });

  it('skipping steps with a made-up step name, or a forged idempotency key, does nothing', async () => {
    const u = w.user('forger-5');
    await u.click({ verb: 'menu.file' });
    await verifyOnCard(w, u, { ...BUYER, email: 'five@forge.example' });
    const flow = u.button('Continue').flow as string;
    const skip = await u.click({ verb: 'file.submit', flow, step: 'summary', key: 'AAAAAAAAAAAAAAAA' });
    expect(seen(skip)).to.include('earlier step');
    await u.press('Continue', { typeId: 'fraud' });
    await u.press('Continue', { incidentDate: '2026-01-02', description: 'Scam.' });
    await u.press('Continue', { respondentCompany: 'Bad Co', respondentEmail: SUPPLIER.email });
    await u.press(/Skip/);
    const forgedKey = await u.click({ ...u.button('Submit complaint'), key: 'ForgedKeyForgedKey' });
    expect(seen(forgedKey)).to.include("didn't pass my checks").and.include('Check your complaint');
    const member = (await w.memberService.findByEmail('five@forge.example'))[0];
    expect(await w.caseService.listForMember(member)).to.have.length(0);
  });

  it('a confirmation naming another case than the one asked about is refused', async () => {
    const victim = w.user('forger-6');
    await fileFraud(w, victim, { verify: { ...BUYER, email: 'six@forge.example' } });
    const own = await fileFraud(w, victim);
    await victim.click({ verb: 'case.cancel', caseNumber: own });
    const confirm = victim.button(/Yes, cancel/);
    const r = await victim.click({ ...confirm, caseNumber: number });
    expect(seen(r)).to.include("didn't pass my checks");
    expect((await w.caseService.getByNumber(number))?.state).to.equal('awaiting_respondent');
    expect((await w.caseService.getByNumber(own))?.state).to.equal('awaiting_respondent');
  });

  it("a click on another conversation's flow id is answered as a finished step", async () => {
    const u = w.user('forger-7');
    const r = await u.click({ verb: 'file.type', flow: 'NotMyFlowId12', step: 'type', typeId: 'fraud' });
    expect(seen(r)).to.include('already finished').and.include('What would you like to do?');
  });
});
