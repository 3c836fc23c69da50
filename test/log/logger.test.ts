// Info logs are safe to ship: no email addresses (also inside error messages), tokens, codes or text.
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger, maskEmails } from '../../src/log/logger.js';

function capture(level: string): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger(level, sink) };
}

/** What nodemailer throws when the server rejects the recipient. */
function smtpRejection(): Error {
  return Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <bob@supplier.example>: Recipient address rejected"), {
    rejected: ['bob@supplier.example'],
    response: '550 5.1.1 <bob@supplier.example>: Recipient address rejected',
  });
}

describe('log: redaction at info level', () => {
  it('masks email addresses inside error messages, their fields and plain strings', () => {
    const { lines, logger } = capture('info');
    logger.warn({ err: smtpRejection(), memberId: 'm1' }, 'verification code could not be sent');
    logger.warn({ id: 'n1', error: 'Mail command failed: 550 <ann@buyer.example> unknown' }, 'notification will be retried');
    logger.error(smtpRejection());
    const out = lines.join('');
    expect(out).to.not.include('@supplier.example').and.not.include('ann@buyer.example');
    expect(out).to.include('<[email]>').and.include('"memberId":"m1"');
  });

  it('redacts emails, tokens, codes and message text by field name', () => {
    const { lines, logger } = capture('info');
    logger.info({ email: 'a@b.example', to: 'c@d.example', token: 'eyJhbGciOi.x.y', code: '123456', activity: { text: 'my secret complaint' } }, 'x');
    const out = lines.join('');
    for (const secret of ['a@b.example', 'c@d.example', 'eyJhbGciOi', '123456', 'my secret complaint']) expect(out).to.not.include(secret);
  });

  it('keeps content at debug level, for developers', () => {
    const { lines, logger } = capture('debug');
    logger.debug({ error: 'rejected <bob@supplier.example>' }, 'x');
    expect(lines.join('')).to.include('bob@supplier.example');
  });

  it('maskEmails leaves text without addresses alone', () => {
    expect(maskEmails('C-2026-000123 failed: 550 mailbox full')).to.equal('C-2026-000123 failed: 550 mailbox full');
    expect(maskEmails('to x.y+tag@mail.example.co.uk.')).to.equal('to [email].');
  });
});
