// Outgoing email. With SMTP_URL set, messages go to that server (smtp:// or smtps://, credentials in the URL);
// without it each message is written as an .eml file under <dataDir>/outbox/ so a local run needs no mail server
// and a newcomer can open what would have been sent.
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../log/logger.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The Message-ID header (`<id@domain>`); nodemailer makes a random one when absent. */
  messageId?: string;
}

export interface SentMail {
  messageId: string;
  /** Where the message was written, in outbox-file mode. */
  file?: string;
}

export interface Mailer {
  sendMail(message: MailMessage): Promise<SentMail>;
  close(): void;
}

export interface MailerOptions {
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465; absent → .eml files in `<dataDir>/outbox`. */
  smtpUrl?: string;
  dataDir: string;
  /** The From header, e.g. `Complaint Center <complaints@example.com>`. */
  from: string;
  logger: Logger;
}

export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl ? smtpMailer(options.smtpUrl, options) : outboxMailer(options);
}

function smtpMailer(smtpUrl: string, { from, logger }: MailerOptions): Mailer {
  // Options may ride in the URL's query, e.g. ?pool=true to reuse connections under load.
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async sendMail(message) {
      const info = await transport.sendMail({ from, ...message });
      logger.info({ messageId: info.messageId, subject: message.subject }, 'email sent by SMTP');
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}

function outboxMailer({ dataDir, from, logger }: MailerOptions): Mailer {
  const dir = path.resolve(dataDir, 'outbox');
  logger.info({ dir }, 'SMTP_URL is not set: emails are written as .eml files to this folder instead of being sent');
  // The stream transport renders the full RFC 5322 message without sending it anywhere.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async sendMail(message) {
      const info = await transport.sendMail({ from, ...message });
      await mkdir(dir, { recursive: true });
      // Sortable by time, unique across instances writing to one directory.
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
      await writeFile(file, info.message);
      logger.info({ file, subject: message.subject }, 'email written to outbox file (no SMTP_URL configured)');
      return { messageId: String(info.messageId), file };
    },
    close: () => transport.close(),
  };
}
