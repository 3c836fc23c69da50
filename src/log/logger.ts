// Structured logging (pino). Personal data and secrets are redacted so info logs are safe to ship.
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACT = [
  'token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'password', '*.password', 'secret', '*.secret',
  'email', '*.email', '*.*.email', 'to', '*.to',
  'text', '*.text', 'activity.text', 'code', '*.code',
];

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'complaint-center-bot' },
    // At debug/trace developers may see content; at info and above it is removed.
    redact: level === 'debug' || level === 'trace' ? [] : { paths: REDACT, censor: '[redacted]' },
  });
}

/** A logger for tests and tools that must stay quiet. */
export const silentLogger: Logger = pino({ level: 'silent' });
