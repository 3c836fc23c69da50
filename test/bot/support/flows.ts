// Reusable conversation steps for the dialog tests, each done through the cards as a user would.
import { expect } from 'chai';
import type { Session, World } from './harness.js';
import { seen } from './harness.js';

export interface Person {
  name: string;
  company: string;
  email: string;
}

export const BUYER: Person = { name: 'Ann Buyer', company: 'Buyer Ltd', email: 'ann@buyer.example' };
export const SUPPLIER: Person = { name: 'Sam Seller', company: 'Bad Co', email: 'sales@bad.example' };

/** Answers the verification card on screen: details, then the code captured from sendCode. */
export async function verifyOnCard(w: World, u: Session, p: Person): Promise<string> {
  await u.press('Send me a code', { name: p.name, company: p.company, email: p.email });
  const code = w.codes.get(p.email);
  expect(code, 'a code was sent').to.match(/^\d{6}$/);
  const r = await u.press('Confirm', { code });
  return seen(r);
}

/** From the menu to the submitted card for a "Fraud or suspicious member" complaint. Returns the case number. */
export async function fileFraud(w: World, u: Session, opts: { verify?: Person; respondent?: Person } = {}): Promise<string> {
  await u.click({ verb: 'menu.file' });
  if (opts.verify) await verifyOnCard(w, u, opts.verify);
  await u.press('Continue', { typeId: 'fraud' });
  await u.press('Continue', { incidentDate: '2026-01-02', description: 'They asked me to pay outside the platform.' });
  const resp = opts.respondent ?? SUPPLIER;
  await u.press('Continue', { respondentCompany: resp.company, respondentEmail: resp.email });
  await u.press(/Skip/);
  const r = await u.press('Submit complaint');
  const m = /C-\d{4}-\d{6}/.exec(seen(r));
  expect(m, 'a case number').to.not.equal(null);
  return m![0];
}
