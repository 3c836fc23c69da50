// Emails list the complaint's fields under the labels of the form the complainant filled in, not the ids.
import { expect } from 'chai';
import { renderEmail } from '../../src/notify/templates.js';
import type { MessageContext } from '../../src/notify/message-kinds.js';
import { sampleMessage } from './support/message-context.js';

const context: MessageContext = {
  ...sampleMessage,
  kind: 'filed_against_you',
  reader: 'respondent',
  state: 'awaiting_respondent',
  caseDoc: {
    ...sampleMessage.caseDoc,
    typeId: 'other_trade_dispute',
    fields: { orderNumber: 'PO-77', description: 'Late <b>delivery</b>' },
  },
  typeName: 'Other trade disputes',
};

describe('notify: field labels in emails', () => {
  it('shows each field under its form label, in text and HTML', () => {
    const mail = renderEmail({ ...context, fieldLabels: { orderNumber: 'Order number', description: 'Describe the dispute' } });
    expect(mail.text).to.contain('Order number: PO-77').and.contain('Describe the dispute: Late <b>delivery</b>');
    expect(mail.text).to.not.match(/^orderNumber:/m);
    expect(mail.html).to.contain('Order number').and.contain('Late &lt;b&gt;delivery&lt;/b&gt;').and.not.contain('orderNumber');
  });

  it('falls back to the field id when the type (and so the label) is unknown', () => {
    expect(renderEmail(context).text).to.contain('orderNumber: PO-77');
  });
});
