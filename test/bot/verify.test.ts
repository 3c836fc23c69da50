// Email verification: details validated in the card, the one-time code (captured from sendCode, the
// injected sender), wrong codes with tries left, a code typed in the chat, another address.
import { expect } from 'chai';
import { makeWorld, seen, cardsOf, type World } from './support/harness.js';
import { inputs } from './support/card-check.js';

describe('bot: email verification', () => {
  let w: World;
  before(async () => {
    w = await makeWorld('bot_verify');
  });

  it('checks name and email in the card, keeping what was typed', async () => {
    const u = w.user('ver-1');
    await u.click({ verb: 'menu.file' });
    const r = await u.press('Send me a code', { name: '', company: 'Acme', email: 'not-an-email' });
    const text = seen(r);
    expect(text).to.include('Please tell me your name.').and.include('not a valid email address');
    const values = Object.fromEntries(inputs(cardsOf(r)[0]).map((i) => [i.id, i.value]));
    expect(values).to.include({ company: 'Acme', email: 'not-an-email' });
    expect(w.codes.has('not-an-email')).to.equal(false);
  });

  it('a wrong code says how many tries are left; the right code typed in the chat confirms', async () => {
    const u = w.user('ver-2');
    await u.click({ verb: 'menu.respond' });
    await u.press('Send me a code', { name: 'Kim', company: '', email: 'Kim@Example.com' });
    const code = w.codes.get('kim@example.com')!;
    const wrong = code === '000000' ? '111111' : '000000';
    const bad = await u.press('Confirm', { code: wrong });
    expect(seen(bad)).to.match(/isn't right\. \d tries left/);
    const typed = await u.send(` ${code} `);
    expect(seen(typed)).to.include('confirmed');
    const member = (await w.memberService.findByEmail('kim@example.com'))[0];
    expect(member.emailVerified).to.equal(true);
    expect(member.name).to.equal('Kim');
  });

  it('"Use another email" goes back to the details; "Send a new code" replaces the code', async () => {
    const u = w.user('ver-3');
    await u.click({ verb: 'menu.file' });
    await u.press('Send me a code', { name: 'Lee', company: 'Lee Co', email: 'first@lee.example' });
    const back = await u.press('Use another email');
    expect(seen(back)).to.include('Confirm your email address');
    await u.press('Send me a code', { name: 'Lee', company: 'Lee Co', email: 'second@lee.example' });
    const first = w.codes.get('second@lee.example');
    const again = await u.press('Send a new code');
    expect(seen(again)).to.include('new code');
    const second = w.codes.get('second@lee.example');
    if (first !== second) {
      const stale = await u.press('Confirm', { code: first });
      expect(seen(stale)).to.include("isn't right");
    }
    const ok = await u.press('Confirm', { code: second });
    expect(seen(ok)).to.include('confirmed').and.include('complaint type');
  });

  it('Cancel stops verification and the filing, with the menu', async () => {
    const u = w.user('ver-4');
    await u.click({ verb: 'menu.file' });
    const r = await u.press('Cancel');
    expect(seen(r)).to.include('not confirmed yet').and.include('What would you like to do?');
  });
});
