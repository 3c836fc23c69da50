// The mailer against a real SMTP server (smtp-server, AUTH required) and in outbox-file mode.
import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { silentLogger } from '../../src/log/logger.js';
import { createMailer } from '../../src/notify/mailer.js';
import { renderEmail } from '../../src/notify/templates.js';
import { verificationCodeSender } from '../../src/notify/verification-mail.js';
import type { MessageContext } from '../../src/notify/message-kinds.js';
import { startTestSmtp, type TestSmtp } from './support/smtp.js';

const caseDoc: MessageContext['caseDoc'] = {
  number: 'C-2026-000123',
  typeId: 'not_as_described',
  complainant: { memberId: 'm1', email: 'buyer@example.com', emailVerified: true, company: 'Buyer <b>Ltd</b>' },
  respondent: { company: 'Supplier & Sons', email: 'supplier@example.com' },
  fields: { description: 'Goods broken <script>alert("x")</script>', orderNumber: 'PO-77' },
  createdAt: new Date('2026-11-29T10:00:00Z'),
};

describe('notify: mailer', () => {
  let smtp: TestSmtp;
  let tmp: string;

  before(async () => {
    smtp = await startTestSmtp();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'notify-mailer-'));
  });
  after(async () => {
    await smtp.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('sends through SMTP with auth: recipient, subject with the case number, escaped user text, link back', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, dataDir: tmp, from: 'Complaint Center <cc@example.test>', logger: silentLogger });
    const content = renderEmail({
      kind: 'filed_against_you',
      reader: 'respondent',
      platformName: 'Alibaba.com',
      publicUrl: 'http://127.0.0.1:3978/',
      caseDoc,
      typeName: 'Products are not as described',
      state: 'awaiting_respondent',
      deadline: new Date('2026-12-02T10:00:00Z'),
      timeZone: 'Europe/Berlin',
    });
    await mailer.sendMail({ to: 'supplier@example.com', ...content });
    mailer.close();
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelopeTo).to.deep.equal(['supplier@example.com']);
    const parsed = mail.parsed;
    expect(parsed.subject).to.equal('[C-2026-000123] A complaint was filed against you — please respond');
    expect(parsed.from?.text).to.contain('cc@example.test');
    const html = String(parsed.html);
    expect(html).to.contain('Goods broken &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.to.contain('<script>');
    expect(html).to.contain('Buyer &lt;b&gt;Ltd&lt;/b&gt;');
    expect(html).to.contain('Supplier &amp; Sons');
    expect(html).to.contain('href="http://127.0.0.1:3978/?case=C-2026-000123"');
    // Plain text keeps what the user typed, as text.
    expect(parsed.text).to.contain('Goods broken <script>alert("x")</script>');
    expect(parsed.text).to.contain('C-2026-000123');
    // Deadline in the reader's time zone (10:00 UTC = 11:00 in Berlin in winter).
    expect(parsed.text).to.contain('2 Dec 2026, 11:00 (Europe/Berlin)');
    expect(parsed.text).to.contain('Open the chat');
  });

  it('rejects wrong SMTP credentials (the error reaches the caller)', async () => {
    const url = smtp.url.replace('s3cret', 'wrong');
    const mailer = createMailer({ smtpUrl: url, dataDir: tmp, from: 'cc@example.test', logger: silentLogger });
    const err = await mailer.sendMail({ to: 'a@example.com', subject: 's', text: 't' }).then(() => null, (e: unknown) => e);
    mailer.close();
    expect(err).to.be.instanceOf(Error);
  });

  it('without SMTP_URL writes each message as an .eml file under <DATA_DIR>/outbox', async () => {
    const mailer = createMailer({ dataDir: tmp, from: 'Complaint Center <cc@localhost>', logger: silentLogger });
    const sendCode = verificationCodeSender(mailer, 'Alibaba.com', 10);
    await sendCode('newcomer@example.com', '482913');
    const files = await readdir(path.join(tmp, 'outbox'));
    expect(files).to.have.length(1);
    expect(files[0]).to.match(/\.eml$/);
    const parsed = await simpleParser(await readFile(path.join(tmp, 'outbox', files[0])));
    expect((parsed.to as { text: string }).text).to.equal('newcomer@example.com');
    expect(parsed.subject).to.equal('Alibaba.com Complaint Center: your verification code');
    expect(parsed.subject).not.to.contain('482913');
    expect(parsed.text).to.contain('482913');
    expect(String(parsed.html)).to.contain('482913');
  });
});
