// The sample case the pure template tests render: what a message says, without a database.
import type { MessageContext } from '../../../src/notify/message-kinds.js';

/** A message context without the kind, reader and state each test picks. */
export const sampleMessage: Omit<MessageContext, 'kind' | 'reader' | 'state'> = {
  platformName: 'Example Market',
  publicUrl: 'https://bot.example.com',
  caseDoc: {
    number: 'C-2026-000042',
    typeId: 'payment_no_order',
    complainant: { memberId: 'm1', email: 'buyer@example.com', emailVerified: true, name: 'Ann' },
    respondent: { company: 'Acme', email: 'sales@acme.example' },
    fields: { amount: 120 },
    createdAt: new Date('2026-11-01T00:00:00Z'),
  },
};
