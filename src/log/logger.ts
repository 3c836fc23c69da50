// Structured logging (pino). Personal data and secrets are redacted so info logs are safe to ship.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const REDACT = [
  'token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'password', '*.password', 'secret', '*.secret',
  'email', '*.email', '*.*.email', 'to', '*.to',
  'text', '*.text', 'activity.text', 'code', '*.code',
];

/** Email addresses inside free text (SMTP errors quote the rejected recipient, e.g. "550 <bob@x.com>"). */
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/** `text` with every email address replaced by [email]. */
export function maskEmails(text: string): string {
  return text.replace(EMAIL_IN_TEXT, '[email]');
}

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const content = level === 'debug' || level === 'trace';
  const options = {
    level,
    base: { service: 'complaint-center-bot' },
    // At debug/trace developers may see content; at info and above it is removed.
    redact: content ? [] : { paths: REDACT, censor: '[redacted]' },
    // Paths cannot reach addresses inside error messages and arrays (nodemailer's err.rejected): the
    // finished line is masked as a whole.
    hooks: content ? {} : { streamWrite: maskEmails },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger for tests and tools that must stay quiet. */
export const silentLogger: Logger = pino({ level: 'silent' });
