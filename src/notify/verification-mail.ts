// The one-time verification code goes out through the same mailer (directly, not through the outbox:
// the member is waiting for it and a retry would send a stale code).
import type { Mailer } from './mailer.js';
import { renderVerificationCodeEmail } from './templates.js';

/** A `SendCode` for MemberService: throws when the message could not be sent. */
export function verificationCodeSender(mailer: Mailer, platformName: string, minutesValid = 10): (email: string, code: string) => Promise<void> {
  return async (email, code) => {
    await mailer.sendMail({ to: email, ...renderVerificationCodeEmail({ platformName, code, minutesValid }) });
  };
}
