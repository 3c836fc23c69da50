// Configuration: read once from the environment (and .env), validated with zod.
// Every variable here is documented in .env.example and the README table.
import { readFileSync } from 'node:fs';
import { parse as parseDotEnv } from 'dotenv';
import { z } from 'zod';

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const int = (def: number, min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(emptyToUndefined, z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(def));
};
const hoursList = (def: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default(def)
      .transform((s, ctx) => {
        const parts = s.split(',').map((p) => Number(p.trim()));
        if (parts.some((n) => !Number.isFinite(n) || n <= 0)) {
          ctx.addIssue({ code: 'custom', message: 'expected a comma-separated list of positive hours, e.g. 48,24,2' });
          return z.NEVER;
        }
        return [...new Set(parts)].sort((a, b) => b - a);
      }),
  );

export const configSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  // 0 picks a free port (tests); the app reports the real one once listening.
  PORT: int(3978, 0, 65535),
  HOST: optionalString,
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),

  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant')),

  MONGODB_URI: z.preprocess(emptyToUndefined, z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional()),
  MONGODB_DB: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only').default('complaint_center')),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('data')),

  PLATFORM_NAME: z.preprocess(emptyToUndefined, z.string().max(80).default('Alibaba.com')),
  PARTNER_SITE_NAME: z.preprocess(emptyToUndefined, z.string().max(80).default('AliExpress')),
  // The marketplace's own pages; unset = the plain default pages this server serves at /privacy and /terms.
  PRIVACY_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  TERMS_URL: z.preprocess(emptyToUndefined, z.url().optional()),

  RESPONSE_PERIOD_HOURS: int(72, 1, 24 * 60),
  REMINDER_HOURS: hoursList('48,24,2'),
  // Automatic triage: a new case goes straight to awaiting_respondent with a deadline (src/cases).
  AUTO_TRIAGE: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true').transform((v) => v === 'true')),
  REMINDER_SWEEP_SECONDS: int(60, 1, 3600),

  SMTP_URL: z.preprocess(emptyToUndefined, z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional()),
  MAIL_FROM: z.preprocess(emptyToUndefined, z.string().default('Complaint Center <complaints@localhost>')),
  SUPPORT_EMAIL: z.preprocess(emptyToUndefined, z.email().default('support@localhost')),

  EVIDENCE_MAX_FILE_MB: int(10, 1, 100),
  EVIDENCE_MAX_FILES: int(20, 1, 200),

  // The web chat page at / (off, for a Teams-only bot: the page says chat is unavailable, the token endpoint answers 503).
  WEB_CHAT: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on').transform((v) => v === 'on')),
  DIRECT_LINE_SECRET: optionalString,
  DIRECT_LINE_TOKEN_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, { error: 'must be at least 32 characters' }).optional()),
  DIRECT_LINE_ENDPOINT: z.preprocess(
    emptyToUndefined,
    z.url().default('https://directline.botframework.com/v3/directline').transform((u) => u.replace(/\/+$/, '')),
  ),
  DIRECT_LINE_UPLOAD_MAX_MB: int(12, 1, 100),
  DIRECT_LINE_BOT_TIMEOUT_SECONDS: int(15, 1, 120),
  DIRECT_LINE_STREAM_POLL_MS: int(1500, 100, 60_000),

  // Conversation transcripts and handoff to a person (src/conversations).
  TRANSCRIPT_RETENTION_DAYS: int(90, 1, 3650),
  HANDOFF_WAIT_MINUTES: int(10, 1, 24 * 60),

  SHUTDOWN_TIMEOUT_SECONDS: int(10, 1, 300),

  // Support desk (src/support): staff emails with an optional role, e.g. ann@example.com:lead,bo@example.com
  SUPPORT_STAFF: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('')
      .transform((s, ctx) => {
        const staff: Array<{ email: string; role: 'agent' | 'lead' }> = [];
        for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
          const [email = '', role = 'agent', ...rest] = part.split(':').map((p) => p.trim());
          if (rest.length || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || (role !== 'agent' && role !== 'lead')) {
            ctx.addIssue({ code: 'custom', message: `expected email[:lead|:agent] separated by commas, e.g. ann@example.com:lead,bo@example.com; "${part}" is not` });
            return z.NEVER;
          }
          staff.push({ email: email.toLowerCase(), role });
        }
        return staff;
      }),
  ),
  SUPPORT_SESSION_HOURS: int(12, 1, 24 * 30),
  // Teams tab single sign-on: Entra ID tenants whose tokens are accepted, and where their signing keys are.
  SUPPORT_SSO_TENANTS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('')
      .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean)),
  ),
  SUPPORT_SSO_JWKS_URL: z.preprocess(emptyToUndefined, z.url().default('https://login.microsoftonline.com/common/discovery/v2.0/keys')),
  SUPPORT_SSO_ISSUER_TEMPLATE: z.preprocess(emptyToUndefined, z.string().includes('{tenant}').default('https://login.microsoftonline.com/{tenant}/v2.0')),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends RawConfig {
  /** Bot Framework authentication is on only when an app id is configured. */
  authEnabled: boolean;
  host: string;
  publicUrl: string;
}

export class ConfigError extends Error {}

// Values of these variables never appear in error messages (they may hold credentials).
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|URI|URL/i;

/** Parses an environment; throws ConfigError with one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') || 'configuration';
    const shown = SECRET_NAME.test(name) ? '' : ` (got ${JSON.stringify(env[name] ?? null)})`;
    throw new ConfigError(`Invalid configuration: ${name}: ${issue?.message ?? 'invalid value'}${shown}`);
  }
  const raw = parsed.data;
  const authEnabled = Boolean(raw.MicrosoftAppId);
  if (raw.NODE_ENV === 'production') {
    // Production is always authenticated: a bot without credentials could be driven by anyone.
    const required = raw.MicrosoftAppType === 'UserAssignedMSI'
      ? (['MicrosoftAppId', 'MicrosoftAppTenantId'] as const)
      : (['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId'] as const);
    for (const key of required) {
      if (!raw[key]) throw new ConfigError(`Invalid configuration: ${key} is required when NODE_ENV=production`);
    }
    assertProductionSafe(raw);
  }
  if (authEnabled && raw.MicrosoftAppType !== 'UserAssignedMSI' && !raw.MicrosoftAppPassword) {
    throw new ConfigError('Invalid configuration: MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  if (authEnabled && raw.MicrosoftAppType === 'UserAssignedMSI' && raw.MicrosoftAppPassword) {
    throw new ConfigError('Invalid configuration: MicrosoftAppPassword must be empty for MicrosoftAppType=UserAssignedMSI');
  }
  if (authEnabled && raw.MicrosoftAppType !== 'MultiTenant' && !raw.MicrosoftAppTenantId) {
    throw new ConfigError(`Invalid configuration: MicrosoftAppTenantId is required for MicrosoftAppType=${raw.MicrosoftAppType}`);
  }
  if (!authEnabled && (raw.MicrosoftAppPassword || raw.MicrosoftAppTenantId)) {
    // A password without an id would silently run unauthenticated: say so rather than guess.
    throw new ConfigError('Invalid configuration: MicrosoftAppId is required when MicrosoftAppPassword or MicrosoftAppTenantId is set');
  }
  // Without authentication anyone who can reach the port could impersonate a channel: loopback only.
  const host = authEnabled ? (raw.HOST ?? '0.0.0.0') : '127.0.0.1';
  const publicUrl = (raw.PUBLIC_URL ?? `http://127.0.0.1:${raw.PORT}`).replace(/\/+$/, '');
  return { ...raw, authEnabled, host, publicUrl };
}

/**
 * Production refuses settings that only make sense on a laptop: the embedded database (each instance
 * would keep its own), plain-http links in emails and Teams, and the local Direct Line endpoint.
 */
function assertProductionSafe(raw: RawConfig): void {
  if (!raw.MONGODB_URI) {
    throw new ConfigError('Invalid configuration: MONGODB_URI is required when NODE_ENV=production (the embedded database is for local runs and tests only)');
  }
  if (!raw.PUBLIC_URL || new URL(raw.PUBLIC_URL).protocol !== 'https:') {
    throw new ConfigError('Invalid configuration: PUBLIC_URL must be an https:// URL when NODE_ENV=production');
  }
  if (raw.WEB_CHAT && !raw.DIRECT_LINE_SECRET) {
    throw new ConfigError(
      'Invalid configuration: DIRECT_LINE_SECRET is required when NODE_ENV=production and WEB_CHAT=on (set WEB_CHAT=off for a Teams-only bot)',
    );
  }
}

/**
 * The process environment with a `.env` file underneath it: real environment variables win,
 * so a deployment can override the file. A missing file is not an error.
 */
export function environmentWithDotEnv(env: NodeJS.ProcessEnv, file = '.env'): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...env };
    throw new ConfigError(`Invalid configuration: cannot read ${file}: ${(err as Error).message}`);
  }
  return { ...parseDotEnv(text), ...env };
}
