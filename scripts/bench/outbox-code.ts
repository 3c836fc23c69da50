// Reads a verification code from the app's outbox (<DATA_DIR>/outbox/*.eml, written when SMTP_URL is
// unset), as a member would from the email.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';

/** The 6-digit code of the newest verification email to `address`; polls briefly, then throws. */
export async function verificationCodeFromOutbox(outboxDir: string, address: string, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const wanted = address.toLowerCase();
  for (;;) {
    let names: string[] = [];
    try {
      names = (await readdir(outboxDir)).filter((n) => n.endsWith('.eml')).sort().reverse();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (const name of names) {
      const raw = await readFile(path.join(outboxDir, name), 'utf8');
      // Cheap filter first: the address is in the To header as written by nodemailer.
      if (!raw.toLowerCase().includes(wanted)) continue;
      const mail = await simpleParser(raw);
      const code = /verification code/i.test(mail.subject ?? '') ? /\b(\d{6})\b/.exec(mail.text ?? '')?.[1] : undefined;
      if (code) return code;
    }
    if (Date.now() > deadline) throw new Error(`no verification email to ${address} in ${outboxDir} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
