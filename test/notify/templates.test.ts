// Wording rules of the notification templates (pure).
import { expect } from 'chai';
import { formatDeadline } from '../../src/time/reader-time.js';
import { renderChat, renderEmail } from '../../src/notify/templates.js';
import type { MessageContext } from '../../src/notify/message-kinds.js';
import { sampleMessage } from './support/message-context.js';

const base = sampleMessage;

describe('notify: templates', () => {
  it('shows the deadline in the reader time zone, or in UTC and says so', () => {
    const at = new Date('2026-07-01T12:00:00Z');
    expect(formatDeadline(at, 'Asia/Shanghai')).to.equal('1 Jul 2026, 20:00 (Asia/Shanghai)');
    expect(formatDeadline(at)).to.contain('12:00 UTC (shown in UTC because your time zone is not known)');
    expect(formatDeadline(at, 'Not/AZone')).to.contain('(shown in UTC because your time zone is not known)');
    expect(formatDeadline(at, 'UTC')).to.equal('1 Jul 2026, 12:00 UTC');
  });

  it('uses the status labels of docs/design.md for each party', () => {
    const respondent = renderEmail({ ...base, kind: 'status_changed', reader: 'respondent', state: 'awaiting_respondent' });
    expect(respondent.subject).to.equal('[C-2026-000042] Status: Awaiting my response');
    const complainant = renderEmail({ ...base, kind: 'status_changed', reader: 'complainant', state: 'awaiting_respondent' });
    expect(complainant.subject).to.equal("[C-2026-000042] Status: Awaiting the other party's response");
    expect(renderEmail({ ...base, kind: 'cancelled', reader: 'respondent', state: 'cancelled', actor: 'complainant' }).subject).to.equal('[C-2026-000042] Case Cancelled');
    expect(renderEmail({ ...base, kind: 'closed', reader: 'respondent', state: 'closed' }).subject).to.equal('[C-2026-000042] Case Closed');
  });

  it('says who cancelled, relative to the reader', () => {
    const toRespondent = renderEmail({ ...base, kind: 'cancelled', reader: 'respondent', state: 'cancelled', actor: 'complainant' });
    expect(toRespondent.text).to.contain('cancelled by the complainant (the other party)');
    const toComplainant = renderEmail({ ...base, kind: 'cancelled', reader: 'complainant', state: 'cancelled', actor: 'complainant' });
    expect(toComplainant.text).to.contain('cancelled by you');
  });

  it('closed: the resolution (escaped in HTML) and the not-liable notice', () => {
    const mail = renderEmail({
      ...base,
      caseDoc: { ...base.caseDoc, resolution: 'Refund 50% <img src=x onerror=alert(1)>' },
      kind: 'closed',
      reader: 'complainant',
      state: 'closed',
    });
    expect(mail.text).to.contain('Resolution: Refund 50% <img src=x onerror=alert(1)>');
    expect(mail.html).to.contain('Refund 50% &lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).not.to.contain('<img');
    expect(mail.text).to.contain('not liable for trade disputes');
  });

  it('reminder: deadline, time left, what to do, link; chat line is short and has the case number', () => {
    const ctx: MessageContext = {
      ...base,
      kind: 'reminder',
      reader: 'respondent',
      state: 'awaiting_respondent',
      deadline: new Date('2026-11-03T12:00:00Z'),
      now: new Date('2026-11-03T10:00:00Z'),
      stepHours: 2,
    };
    const mail = renderEmail(ctx);
    expect(mail.subject).to.equal('[C-2026-000042] Reminder: your response is due in 2 hours');
    expect(mail.text).to.contain('3 Nov 2026, 12:00 UTC');
    expect(mail.text).to.contain('https://bot.example.com/?case=C-2026-000042');
    expect(mail.text).to.contain('What to do:');
    const chat = renderChat(ctx);
    expect(chat).to.contain('C-2026-000042');
    expect(chat.length).to.be.lessThan(300);
  });

  it('chat lines render markdown, so typed text in them is escaped (company, resolution); emails keep it as typed', () => {
    const caseDoc = { ...base.caseDoc, respondent: { company: 'Acme [login](https://evil.example)', email: 'sales@acme.example' }, resolution: 'Refund ![](http://t.example/p.gif)' };
    const alert = renderChat({ ...base, caseDoc, kind: 'support_new_case', reader: 'support', state: 'processing' });
    expect(alert).to.contain('against Acme \\[login\\](https://evil.example).');
    const closed = renderChat({ ...base, caseDoc, kind: 'closed', reader: 'complainant', state: 'closed' });
    expect(closed).to.contain('Resolution: Refund !\\[\\](http://t.example/p.gif)');
    expect(renderEmail({ ...base, caseDoc, kind: 'support_new_case', reader: 'support', state: 'processing' }).text).to.contain('Acme [login](https://evil.example)');
  });

  it('support alerts name the case and the party that missed the deadline', () => {
    const mail = renderEmail({ ...base, kind: 'support_deadline_missed', reader: 'support', state: 'processing', missedParty: 'respondent', deadline: new Date('2026-11-03T12:00:00Z') });
    expect(mail.subject).to.equal('[C-2026-000042] Deadline missed by the respondent');
    expect(renderEmail({ ...base, kind: 'support_new_case', reader: 'support', state: 'processing', typeName: 'Payment made. Order not received' }).subject).to.equal(
      '[C-2026-000042] New complaint: Payment made. Order not received',
    );
  });
});
