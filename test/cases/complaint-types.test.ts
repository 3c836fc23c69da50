// Complaint types as data: the bundled file's shape, the source's trade-dispute types, field validation.
import { expect } from 'chai';
import {
  defaultComplaintTypes,
  findComplaintType,
  parseComplaintTypes,
  parseMoney,
  partnerDisputeSteps,
  latestPastDate,
  validateField,
  validateFields,
} from '../../src/cases/complaint-types.js';

describe('cases: complaint types', () => {
  const types = defaultComplaintTypes();

  it("includes the source's three trade-dispute types, marked partner-routable, and the usual others", () => {
    const routable = types.filter((t) => t.partnerRoutable).map((t) => t.label);
    expect(routable).to.deep.equal(['Payment made. Order not received', 'Products are not as described', 'Other trade disputes']);
    expect(types.map((t) => t.id)).to.include.members(['ip_infringement', 'fraud', 'account_misuse', 'other']);
    for (const t of types) expect(t.fields.some((f) => f.required), t.id).to.equal(true);
  });

  it('gives the partner-site dispute steps of the source with the configured partner name', () => {
    expect(partnerDisputeSteps('AliExpress')).to.deep.equal([
      "Sign in to 'My Orders' on AliExpress",
      "Click 'All orders'",
      "Choose the order you want to make a complaint about and click 'Open Dispute'",
    ]);
  });

  it('rejects a malformed types file with the path of the problem', () => {
    expect(() => parseComplaintTypes({ types: [] })).to.throw(/Invalid complaint types/);
    expect(() =>
      parseComplaintTypes({ types: [{ id: 'x', label: 'X', description: '', partnerRoutable: false, fields: [{ id: 'a', label: 'A', kind: 'choice', required: true }] }] }),
    ).to.throw(/choice fields/);
    const dup = { id: 'x', label: 'X', description: '', partnerRoutable: false, fields: [{ id: 'a', label: 'A', kind: 'text', required: true }] };
    expect(() => parseComplaintTypes({ types: [dup, dup] })).to.throw(/duplicate type id/);
    expect(() => parseComplaintTypes({ types: [{ ...dup, fields: [{ id: 'a', label: 'A', kind: 'colour', required: true }] }] })).to.throw(/types\.0\.fields\.0\.kind/);
  });

  it('validates and normalises every kind of field, reporting every problem by field id', () => {
    const t = findComplaintType(types, 'order_not_received');
    expect(t).to.not.equal(undefined);
    if (!t) return;
    const ok = validateFields(t, {
      orderNumber: '  PO-778 ',
      orderDate: '2026-02-28',
      amountPaid: '$1,250.5',
      paymentMethod: 'bank TRANSFER',
      description: 'Paid in full, nothing shipped.',
      unknownField: 'dropped',
    });
    expect(ok).to.deep.equal({
      ok: true,
      values: { orderNumber: 'PO-778', orderDate: '2026-02-28', amountPaid: '1250.50 USD', paymentMethod: 'Bank transfer', description: 'Paid in full, nothing shipped.' },
    });
    const bad = validateFields(t, { orderNumber: 'x'.repeat(65), orderDate: '2026-02-30', amountPaid: '1250', paymentMethod: 'Cash', expectedDelivery: 'soon' });
    expect(bad.ok).to.equal(false);
    if (bad.ok) return;
    expect(Object.keys(bad.errors).sort()).to.deep.equal(['amountPaid', 'description', 'expectedDelivery', 'orderDate', 'orderNumber', 'paymentMethod']);
    expect(bad.errors.orderNumber).to.equal('Order number is too long (65 characters; at most 64).');
    expect(bad.errors.orderDate).to.include('YYYY-MM-DD');
    expect(bad.errors.amountPaid).to.include('add the currency');
    expect(bad.errors.paymentMethod).to.equal('Payment method must be one of: Bank transfer, Credit card, Online payment service, Other.');
    expect(bad.errors.description).to.equal('What happened is required.');
  });

  it('refuses dates of past events that lie in the future, allowing today in every time zone', () => {
    const type = types.find((t) => t.id === 'not_as_described')!;
    const received = type.fields.find((f) => f.id === 'receivedDate')!;
    expect(received.past).to.equal(true);
    const now = new Date('2026-03-10T20:00:00Z');
    expect(latestPastDate(now)).to.equal('2026-03-11'); // already the 11th in UTC+14
    expect(validateField(received, '2026-03-11', { now })).to.deep.equal({ ok: true, value: '2026-03-11' });
    expect(validateField(received, '2026-03-12', { now })).to.deep.equal({ ok: false, error: 'Date received cannot be in the future.' });
    const orderOnly = types.find((t) => t.id === 'order_not_received')!;
    const expected = orderOnly.fields.find((f) => f.id === 'expectedDelivery')!;
    expect(validateField(expected, '2030-01-01', { now }).ok, 'an expected delivery may be ahead').to.equal(true);
  });

  it('checks numbers and emails', () => {
    const nad = findComplaintType(types, 'not_as_described');
    const fraud = findComplaintType(types, 'fraud');
    if (!nad || !fraud) throw new Error('types missing');
    const base = { orderNumber: '1', receivedDate: '2026-01-02', orderValue: '980 EUR', problem: 'Quality', description: 'd' };
    const n = validateFields(nad, { ...base, quantityAffected: '12' });
    expect(n.ok && n.values.quantityAffected).to.equal(12);
    const neg = validateFields(nad, { ...base, quantityAffected: -1 });
    expect(!neg.ok && neg.errors.quantityAffected).to.equal('Quantity affected must be at least 0.');
    const f = validateFields(fraud, { incidentDate: '2026-01-02', description: 'd', contactEmail: ' Bad.Guy@Example.COM ' });
    expect(f.ok && f.values.contactEmail).to.equal('bad.guy@example.com');
    const fe = validateFields(fraud, { incidentDate: '2026-01-02', description: 'd', contactEmail: 'not-an-email' });
    expect(fe.ok).to.equal(false);
  });

  it('parses money in the usual ways and refuses ambiguity', () => {
    expect(parseMoney('USD 1250')).to.equal('1250.00 USD');
    expect(parseMoney('980 eur')).to.equal('980.00 EUR');
    expect(parseMoney('€12.5')).to.equal('12.50 EUR');
    expect(parseMoney({ amount: 3, currency: 'gbp' })).to.equal('3.00 GBP');
    expect(parseMoney('12')).to.equal('no_currency');
    expect(parseMoney('USD 12 EUR')).to.equal(null);
    expect(parseMoney('$12 EUR')).to.equal(null);
    expect(parseMoney('1,25 USD')).to.equal(null);
    expect(parseMoney('lots')).to.equal(null);
  });
});
