// The emails the app wrote to <DATA_DIR>/outbox/ (no SMTP_URL), parsed with mailparser, as a newcomer
// would open them.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';

export interface OutboxMail {
  file: string;
  size: number;
  to: string[];
  subject: string;
  text: string;
}

function addresses(to: unknown): string[] {
  const list = Array.isArray(to) ? to : to ? [to] : [];
  return list.flatMap((a: { value?: Array<{ address?: string }> }) => (a.value ?? []).map((v) => (v.address ?? '').toLowerCase()));
}

export class MailOutbox {
  private readonly parsed = new Map<string, OutboxMail>();

  constructor(readonly dir: string) {}

  /** Every mail so far, oldest first (the file names start with an ISO time stamp). */
  async all(): Promise<OutboxMail[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.eml')).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    for (const name of names) {
      // A file may be read while the mailer is still writing it: parse it again once it has grown.
      const bytes = await readFile(path.join(this.dir, name));
      if (this.parsed.get(name)?.size === bytes.length) continue;
      const mail = await simpleParser(bytes);
      this.parsed.set(name, { file: name, size: bytes.length, to: addresses(mail.to), subject: mail.subject ?? '', text: mail.text ?? '' });
    }
    return names.map((n) => this.parsed.get(n)!);
  }

  /** The newest mail to `address` that matches, polling until `timeoutMs`. */
  async waitForNewest(address: string, describe: string, match: (m: OutboxMail) => boolean, timeoutMs = 10_000): Promise<OutboxMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await this.all();
      const found = all.filter((m) => m.to.includes(address.toLowerCase()) && match(m)).at(-1);
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = all.map((m) => `  ${m.file} to ${m.to.join(',')}: ${m.subject}`).join('\n') || '  (none)';
        throw new Error(`no email to ${address} (${describe}) in ${this.dir} after ${timeoutMs} ms; the outbox has:\n${seen}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The 6-digit code of the newest verification email to `address`. */
  async verificationCode(address: string): Promise<string> {
    const mail = await this.waitForNewest(address, 'verification code', (m) => /verification code/i.test(m.subject) && /\b\d{6}\b/.test(m.text), 5_000);
    return /\b(\d{6})\b/.exec(mail.text)![1];
  }
}
